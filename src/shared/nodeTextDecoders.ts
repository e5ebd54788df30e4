import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { type TextDecoders } from '../core/scan';
import { wasmMayContainSecret } from './triggerPairSearch';

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * The pre-check's needles as bytes, made once: `Buffer#indexOf` with a string needle encodes it on every call, and
 * the pre-check makes a dozen calls per file (on a tree of small files that per-call cost was most of its time).
 */
const needleBytes = new Map<string, Buffer>();

function indexOfNeedle(bytes: Uint8Array, needle: string, from: number): number {
  let n = needleBytes.get(needle);
  if (!n) {
    n = Buffer.from(needle, 'latin1');
    needleBytes.set(needle, n);
  }
  return asBuffer(bytes).indexOf(n, from);
}

/**
 * Node's native decoders (simdutf validation), shared by the CLI and the extension host so that both read every
 * file alike. Most source files are pure ASCII, where a Latin-1 copy gives the same string as UTF-8 decoding at
 * a fraction of the cost (V8's UTF-8 decoder was the scan's biggest cost); then UTF-8 when valid, else the core
 * falls back to Latin-1.
 */
export const NODE_TEXT_DECODERS: TextDecoders = {
  utf8: (bytes) => {
    const b = asBuffer(bytes);
    if (isAscii(b)) return b.toString('latin1');
    return isUtf8(b) ? b.toString('utf8') : undefined;
  },
  latin1: (bytes) => asBuffer(bytes).toString('latin1'),
  isUtf8: (bytes) => isUtf8(bytes),
  indexOf: indexOfNeedle,
  mayContainSecret: wasmMayContainSecret,
};
