import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { type TextDecoders } from '../../core/scan';

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * Node's native decoders for the extension host (the CLI uses the same): pure-ASCII files become a Latin-1 copy
 * (the same string, far cheaper than UTF-8 decoding), then UTF-8 when valid, else the core falls back to Latin-1.
 * The decisions equal the core's defaults, so the editor and the CLI read every file alike.
 */
export const HOST_DECODERS: TextDecoders = {
  utf8: (bytes) => {
    const b = asBuffer(bytes);
    if (isAscii(b)) return b.toString('latin1');
    return isUtf8(b) ? b.toString('utf8') : undefined;
  },
  latin1: (bytes) => asBuffer(bytes).toString('latin1'),
  isUtf8: (bytes) => isUtf8(bytes),
  includes: (bytes, needle) => asBuffer(bytes).includes(needle, 0, 'latin1'),
};
