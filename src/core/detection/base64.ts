const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Maps a char code to its 6-bit value, or -1 when it is not in the standard base64 alphabet. */
export const BASE64_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function isBase64Code(code: number): boolean {
  return code < 128 && BASE64_VALUE[code]! >= 0;
}

/** Decodes standard base64 (padding optional); undefined when a character is outside the alphabet. */
export function decodeBase64(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2) return undefined;
  const out = new Uint8Array(Math.floor((end * 6) / 8));
  let acc = 0, bits = 0, o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? BASE64_VALUE[code]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Decodes base64 to a Latin-1 string (one char per byte), or undefined. */
export function decodeBase64ToLatin1(text: string): string | undefined {
  const bytes = decodeBase64(text);
  if (!bytes) return undefined;
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Encodes bytes as standard base64 with padding. */
export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!, b1 = bytes[i + 1], b2 = bytes[i + 2];
    const n = (b0 << 16) | ((b1 ?? 0) << 8) | (b2 ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b1 === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += b2 === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/**
 * The three alignment-independent base64 fragments of an ASCII literal: whichever byte offset the literal sits
 * at inside a base64-encoded value, one of these fragments appears in the encoding. Used to see Cosmos hosts
 * inside base64-wrapped configuration (Kubernetes `Secret.data`).
 */
export function base64Needles(literal: string): string[] {
  const bytes = Array.from(literal, (c) => c.charCodeAt(0) & 0xff);
  const needles: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = encodeBase64(Uint8Array.from([...new Array<number>(shift).fill(0), ...bytes]));
    const head = [0, 2, 3][shift]!;
    const tail = (shift + bytes.length) % 3 === 0 ? 0 : 4;
    needles.push(encoded.slice(head, encoded.length - tail));
  }
  return needles;
}
