// Turns a file's bytes into text the detector can scan, or says it is binary. Pure (Uint8Array in, string out) so
// the CLI (Node fs) and the editor (vscode.workspace.fs) make the same decision for the same bytes.
import { mayContainSecretBytes, SCAN_TRIGGERS, type ByteIndexOf } from './secretTriggers';

/** How much of a file is inspected for NUL bytes (as git and ripgrep do). */
export const BINARY_SNIFF_BYTES = 8192;

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export type DecodedFile =
  | { readonly kind: 'binary' }
  | { readonly kind: 'text'; readonly text: string; readonly encoding: TextEncodingName }
  /** Only with `skipWithoutTriggers`: text that cannot hold a secret, so it was validated but not decoded. */
  | { readonly kind: 'noSecret'; readonly encoding: TextEncodingName };

/**
 * Fast primitives a host may supply (Node's Buffer beats TextDecoder on large inputs). Each receives the bytes
 * after any BOM; `utf8` returns undefined when the bytes are not valid UTF-8.
 */
export interface TextDecoders {
  readonly utf8?: (bytes: Uint8Array) => string | undefined;
  readonly latin1?: (bytes: Uint8Array) => string;
  /** Validation without decoding (only used with `skipWithoutTriggers`). */
  readonly isUtf8?: (bytes: Uint8Array) => boolean;
  /** Byte search for the trigger pre-check. */
  readonly indexOf?: ByteIndexOf;
  /**
   * The whole pre-check, when the host has a faster one (one pass for every trigger): the same answer as
   * {@link mayContainSecretBytes}, or undefined to fall back to it.
   */
  readonly mayContainSecret?: (bytes: Uint8Array, triggers: readonly string[]) => boolean | undefined;
}

export interface DecodeOptions {
  /** Skip decoding when the bytes hold none of detection's trigger strings ({@link mayContainSecretBytes}). */
  readonly skipWithoutTriggers?: boolean;
  /** The triggers to look for (default: all of them); `scanTriggersFor(path, options)` narrows them to the file. */
  readonly triggers?: readonly string[];
}

let fatalUtf8: { decode(bytes: Uint8Array): string } | undefined;

function defaultUtf8(bytes: Uint8Array): string | undefined {
  fatalUtf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const CHUNK = 8192;

/** ISO-8859-1: every byte is the code point of the same value, so columns still count one per byte. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + CHUNK)));
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  const units = new Uint16Array(CHUNK);
  let out = '';
  const end = bytes.length - (bytes.length % 2); // a dangling odd byte cannot be a character
  for (let i = 0; i < end;) {
    let n = 0;
    for (; n < CHUNK && i < end; n++, i += 2) {
      units[n] = littleEndian ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
    }
    out += String.fromCharCode(...units.subarray(0, n));
  }
  return out;
}

/** The byte-order mark at the start of `bytes`, if any. UTF-32 marks are reported so callers can refuse them. */
export function detectBom(bytes: Uint8Array): { readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32'; readonly length: number } | undefined {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', length: 3 };
  if ((b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) || (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff)) {
    return { encoding: 'utf-32', length: 4 };
  }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** True when the first {@link BINARY_SNIFF_BYTES} bytes contain a NUL byte (text files never do, outside UTF-16/32). */
export function hasNulByte(bytes: Uint8Array, limit = BINARY_SNIFF_BYTES): boolean {
  // Most files are shorter than the limit: searching them whole spares a view object per file.
  return (bytes.length <= limit ? bytes : bytes.subarray(0, limit)).indexOf(0) !== -1;
}

/** Share of one byte parity that must be NUL (and of the other that must not) to read bytes as BOM-less UTF-16. */
const UTF16_NUL_SHARE = 0.6;
const UTF16_OTHER_NUL_SHARE = 0.05;

/**
 * What a first 8 KiB holding NUL bytes is. UTF-16 without a byte-order mark (what some Windows tools write):
 * mostly-ASCII text puts a NUL in every other byte. A text file with a stray NUL or two (pasted, or planted to
 * make scanners skip the file): control bytes other than whitespace stay rare. Anything else — images, archives,
 * executables, compressed data, which hold control bytes everywhere — is binary.
 */
function sniffNulBytes(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'text' | 'binary' {
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES - (BINARY_SNIFF_BYTES % 2));
  const half = Math.floor(sniff.length / 2);
  let evenNul = 0, oddNul = 0, controls = 0;
  for (let i = 0; i < sniff.length; i++) {
    const b = sniff[i]!;
    if (b === 0) { if (i % 2) oddNul++; else evenNul++; }
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) controls++;
  }
  if (half >= 2) {
    if (oddNul >= half * UTF16_NUL_SHARE && evenNul <= half * UTF16_OTHER_NUL_SHARE) return 'utf-16le';
    if (evenNul >= half * UTF16_NUL_SHARE && oddNul <= half * UTF16_OTHER_NUL_SHARE) return 'utf-16be';
  }
  // At most one stray control byte per 512 (and a couple in a short file) is still text.
  return controls <= Math.max(2, sniff.length / 512) ? 'text' : 'binary';
}

/**
 * Decides how to read a file: UTF-16 LE/BE by BOM; otherwise, when the first 8 KiB hold NUL bytes, UTF-16 without
 * a BOM, text with stray NULs, or binary ({@link sniffNulBytes}); then UTF-8 (BOM stripped) when valid, else
 * Latin-1 — keys are ASCII, so a file with stray non-UTF-8 bytes is still scanned rather than skipped.
 */
export function decodeFileBytes(bytes: Uint8Array, decoders: TextDecoders = {}, options: DecodeOptions = {}): DecodedFile {
  const bom = detectBom(bytes);
  if (bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be') {
    return { kind: 'text', text: decodeUtf16(bytes.subarray(bom.length), bom.encoding === 'utf-16le'), encoding: bom.encoding };
  }
  if (bom?.encoding === 'utf-32') return { kind: 'binary' };
  if (!bom && hasNulByte(bytes)) {
    const sniffed = sniffNulBytes(bytes);
    if (sniffed === 'binary') return { kind: 'binary' };
    if (sniffed !== 'text') return { kind: 'text', text: decodeUtf16(bytes, sniffed === 'utf-16le'), encoding: sniffed };
  }
  const body = bom ? bytes.subarray(bom.length) : bytes;
  if (options.skipWithoutTriggers && !(decoders.mayContainSecret?.(body, options.triggers ?? SCAN_TRIGGERS) ?? mayContainSecretBytes(body, decoders.indexOf, options.triggers))) {
    const valid = decoders.isUtf8 ? decoders.isUtf8(body) : defaultUtf8(body) !== undefined;
    return { kind: 'noSecret', encoding: valid ? 'utf-8' : 'latin1' };
  }
  const text = (decoders.utf8 ?? defaultUtf8)(body);
  if (text !== undefined) return { kind: 'text', text, encoding: 'utf-8' };
  return { kind: 'text', text: (decoders.latin1 ?? decodeLatin1)(body), encoding: 'latin1' };
}
