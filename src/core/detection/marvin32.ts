// Marvin32, the seeded hash .NET uses for string hashing and Microsoft uses for the checksum of identifiable
// keys (microsoft/security-utilities `Marvin.ComputeHash32`): the 64-bit Marvin state folded to 32 bits.

function rotl(x: number, n: number): number {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}

/** Returns the 64-bit Marvin hash as [low32, high32]. */
export function marvin64(data: Uint8Array, seedLow: number, seedHigh: number): [number, number] {
  let p0 = seedLow >>> 0;
  let p1 = seedHigh >>> 0;
  const block = (): void => {
    p1 = (p1 ^ p0) >>> 0; p0 = rotl(p0, 20);
    p0 = (p0 + p1) >>> 0; p1 = rotl(p1, 9);
    p1 = (p1 ^ p0) >>> 0; p0 = rotl(p0, 27);
    p0 = (p0 + p1) >>> 0; p1 = rotl(p1, 19);
  };
  const u32 = (i: number): number => (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)) >>> 0;
  let offset = 0;
  let count = data.length;
  while (count >= 4) {
    p0 = (p0 + u32(offset)) >>> 0;
    block();
    offset += 4;
    count -= 4;
  }
  // The tail: remaining 0–3 bytes with a 0x80 terminator byte, as one final little-endian word.
  let tail = 0x80;
  if (count === 1) tail = 0x8000 | data[offset]!;
  else if (count === 2) tail = 0x800000 | data[offset]! | (data[offset + 1]! << 8);
  else if (count === 3) tail = (0x80000000 | data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16)) >>> 0;
  p0 = (p0 + tail) >>> 0;
  block();
  block();
  return [p0, p1];
}

export function marvin32(data: Uint8Array, seedLow: number, seedHigh: number): number {
  const [lo, hi] = marvin64(data, seedLow, seedHigh);
  return (lo ^ hi) >>> 0;
}
