// The pre-check's one-pass search (../core/scan/secretTriggers.ts, "One pass for every trigger"): a WebAssembly SIMD
// loop that reads 32 bytes a round and says where one of the triggers' two-byte fingerprints may start. It is the
// Teddy technique (as in Rust's aho-corasick): the fingerprints are put in 8 buckets, each byte's low and high
// nibble look up, with a byte shuffle, the buckets whose first (or second) fingerprint byte they can be, and a place
// whose two bytes share a bucket is a candidate. A bucket holding several fingerprints also accepts their cross
// products (a few more candidates, never a missed one); the caller checks every candidate exactly.
//
// The module is assembled here, byte by byte (about 400 bytes), not compiled from a file: nothing binary is stored
// in the repository, and no tool is needed to build it. Where WebAssembly SIMD is missing, there is no search and
// the pre-check keeps its native `indexOf` per trigger.
import { Buffer } from 'node:buffer';
import { fingerprintPair, mayContainSecretAtFingerprints, TRIGGER_FINGERPRINTS, type FingerprintSearch } from '../core/scan';

// The few WebAssembly names used here (the project's `lib` has no DOM types, where TypeScript declares them).
declare const WebAssembly: {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const BUCKETS = 8;
const PAGE = 64 * 1024;

/**
 * Which fingerprints share one of the 8 buckets. A shared bucket also accepts the cross products of its members'
 * nibbles, so the sharing was chosen (greedily, on bench/scan.mjs's tree) to add the fewest of those: 117,411
 * candidate places on that tree's 141 MB against 111,267 true fingerprint places; 141,219 with the e-mail triggers' `=3`
 * and `e6` (2026-12-04, four-package tree). Fingerprints not named here get a
 * bucket of their own when one is free, else share one: never missed, only checked more often.
 */
const BUCKET_PLAN: readonly (readonly string[])[] = [['zu'], ['dX', 'e6'], ['Vy'], ['sm'], ['==', '03', '=3'], ['&#', '%3', '%2'], ['\\=', 'Qo'], ['x3', 'p1']];

const pairOf = (s: string): number => (s.charCodeAt(0) << 8) | s.charCodeAt(1);

/** The fingerprints in buckets: {@link BUCKET_PLAN}, then any other pair. */
export function bucketsFor(pairs: readonly number[]): number[][] {
  const buckets = BUCKET_PLAN.map((names) => names.map(pairOf).filter((p) => pairs.includes(p)));
  const placed = new Set(buckets.flat());
  let next = 0;
  for (const p of pairs) {
    if (placed.has(p)) continue;
    const empty = buckets.findIndex((b) => b.length === 0);
    buckets[empty !== -1 ? empty : next++ % BUCKETS]!.push(p);
    placed.add(p);
  }
  return buckets;
}

/** The four 16-byte tables: for each nibble value, the buckets a first/second byte with that nibble can belong to. */
function nibbleTables(buckets: readonly (readonly number[])[]): { lo0: Uint8Array; hi0: Uint8Array; lo1: Uint8Array; hi1: Uint8Array } {
  const lo0 = new Uint8Array(16), hi0 = new Uint8Array(16), lo1 = new Uint8Array(16), hi1 = new Uint8Array(16);
  buckets.forEach((members, b) => {
    for (const p of members) {
      const b0 = p >> 8, b1 = p & 0xff;
      lo0[b0 & 15]! |= 1 << b;
      hi0[b0 >> 4]! |= 1 << b;
      lo1[b1 & 15]! |= 1 << b;
      hi1[b1 >> 4]! |= 1 << b;
    }
  });
  return { lo0, hi0, lo1, hi1 };
}

// --- a minimal WebAssembly assembler: just what the one function needs --------------------------------------------

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const I32 = 0x7f, V128 = 0x7b;
const op = {
  block: [0x02, 0x40], loop: [0x03, 0x40], if: [0x04, 0x40], end: [0x0b], br: 0x0c, brIf: 0x0d, return: [0x0f],
  localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41,
  i32Add: [0x6a], i32GeU: [0x4f], i32Xor: [0x73], i32Or: [0x72], i32Shl: [0x74], i32Ctz: [0x68],
  v128Load: (offset: number): number[] => [0xfd, 0x00, 0x00, ...uleb(offset)], // align 2^0: any address
  v128Const: (bytes: Uint8Array): number[] => [0xfd, 0x0c, ...bytes],
  swizzle: [0xfd, 0x0e], eq: [0xfd, 0x23], and: [0xfd, 0x4e], or: [0xfd, 0x50], anyTrue: [0xfd, 0x53], bitmask: [0xfd, 0x64],
  i16ShrU: [0xfd, 0x8d, 0x01],
};

/**
 * `next(from, end) → i32`: the first memory address p in [from, end) where the bytes at p and p + 1 may be a
 * fingerprint, or -1; the memory after `end` holds {@link PADDING} zeros. 32 bytes a round (two vectors, one test),
 * the tables in locals. No fingerprint's second byte is below 16 (checked when the module is made), so a zero never
 * completes one: the padding adds no candidate, and the caller needs no scalar tail.
 */
function assemble(t: ReturnType<typeof nibbleTables>): Uint8Array {
  const [FROM, END, I, LO0, HI0, LO1, HI1, NIB, MA, MB, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const get = (local: number): number[] => [op.localGet, local];
  const set = (local: number): number[] => [op.localSet, local];
  /** One byte role's buckets for the 16 bytes at i + at: the low nibble's and the high nibble's lookups, and-ed. */
  const lookup = (at: number, lo: number, hi: number): number[] => [
    ...get(lo), ...get(I), ...op.v128Load(at), op.localTee, V, ...get(NIB), ...op.and, ...op.swizzle,
    // i16x8.shr_u is one instruction on x64 (an 8-bit shift is emulated); the mask drops the neighbour's bits.
    ...get(hi), ...get(V), op.i32Const, ...sleb(4), ...op.i16ShrU, ...get(NIB), ...op.and, ...op.swizzle, ...op.and,
  ];
  /** The bucket mask of the 16 places starting at i + at: as a first byte there, and as a second byte after it. */
  const places = (at: number): number[] => [...lookup(at, LO0, HI0), ...lookup(at + 1, LO1, HI1), ...op.and];
  /** Lanes of a mask with any bucket bit, as bits. */
  const lanes = (m: number): number[] => [...get(m), ...op.v128Const(new Uint8Array(16)), ...op.eq, ...op.bitmask, op.i32Const, ...sleb(0xffff), ...op.i32Xor];
  const body = [
    ...uleb(2), ...uleb(1), I32, ...uleb(8), V128, // locals: i (i32); four tables, the nibble mask, two masks, a vector (v128)
    ...op.v128Const(t.lo0), ...set(LO0), ...op.v128Const(t.hi0), ...set(HI0),
    ...op.v128Const(t.lo1), ...set(LO1), ...op.v128Const(t.hi1), ...set(HI1),
    ...op.v128Const(new Uint8Array(16).fill(0x0f)), ...set(NIB),
    ...get(FROM), ...set(I),
    ...op.block, ...op.loop,
    // while (i < end): the bytes after end are zeros (see PADDING), so the last loads read no stale bytes
    ...get(I), ...get(END), ...op.i32GeU, op.brIf, 1,
    ...places(0), ...set(MA), ...places(16), op.localTee, MB, ...get(MA), ...op.or, ...op.anyTrue,
    ...op.if,
    ...lanes(MA), ...lanes(MB), op.i32Const, ...sleb(16), ...op.i32Shl, ...op.i32Or, ...op.i32Ctz, ...get(I), ...op.i32Add, ...op.return,
    ...op.end,
    ...get(I), op.i32Const, ...sleb(32), ...op.i32Add, ...set(I),
    op.br, 0,
    ...op.end, ...op.end,
    op.i32Const, ...sleb(-1),
    ...op.end,
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 2, I32, I32, 1, I32]), // type 0: (i32, i32) -> i32
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, 1]), // one memory, 1 page, growable
    ...section(7, [2, ...name('next'), 0x00, 0, ...name('memory'), 0x02, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

interface PairSearchInstance {
  readonly memory: WasmMemory;
  readonly next: (from: number, n: number) => number;
}

let instance: PairSearchInstance | null | undefined;

/** The compiled search, or null where WebAssembly SIMD is not available. */
function searchInstance(): PairSearchInstance | null {
  if (instance !== undefined) return instance;
  try {
    const pairs = TRIGGER_FINGERPRINTS.map(fingerprintPair);
    if (pairs.some((p) => (p & 0xff) < 16)) throw new Error('a fingerprint ends in a byte the zero padding could complete');
    const bytes = assemble(nibbleTables(bucketsFor(pairs)));
    const made = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const exports = made.exports as { memory: WasmMemory; next: (from: number, n: number) => number };
    instance = { memory: exports.memory, next: exports.next };
  } catch {
    instance = null;
  }
  return instance;
}

/** Exposed for tests: the assembled module's bytes. */
export const assembledModuleForTest = (): Uint8Array => assemble(nibbleTables(bucketsFor(TRIGGER_FINGERPRINTS.map(fingerprintPair))));

/** Zero bytes after the data: the last round reads up to 32 bytes past its end. */
const PADDING = 48;
/**
 * The most bytes searched in the module's memory. A WebAssembly memory never shrinks: without a cap, one huge file
 * (`--max-file-size`, `cosmosGuard.scan.maxFileSize`) would keep its size allocated for the rest of the process —
 * the extension host's life. Larger inputs take the per-trigger search.
 */
export const MAX_SEARCH_BYTES = 16 * 1024 * 1024;

/** Views of the module's memory, made again when it grows: all of it, and what readers may fill (no padding). */
let whole: Uint8Array | undefined;
let view: Buffer | undefined;

function ensureMemory(wasm: PairSearchInstance, bytes: number): void {
  if (wasm.memory.buffer.byteLength < bytes) wasm.memory.grow(Math.ceil((bytes - wasm.memory.buffer.byteLength) / PAGE));
  if (whole?.buffer !== wasm.memory.buffer) {
    whole = new Uint8Array(wasm.memory.buffer);
    view = Buffer.from(wasm.memory.buffer, 0, wasm.memory.buffer.byteLength - PADDING);
  }
}

/**
 * The fingerprint search over `bytes`, or undefined without WebAssembly SIMD. Bytes a reader put in the module's
 * memory ({@link searchBuffer}) are searched where they are — never moved, since the caller still reads them —
 * others are copied in first. The {@link PADDING} bytes after them in that memory are zeroed. Valid until the next
 * call.
 */
export function wasmFingerprintSearch(bytes: Uint8Array): FingerprintSearch | undefined {
  const wasm = searchInstance();
  if (!wasm) return undefined;
  const n = bytes.length;
  if (n > MAX_SEARCH_BYTES) return undefined;
  if (bytes.buffer === wasm.memory.buffer) {
    base = bytes.byteOffset;
    if (base + n + PADDING > wasm.memory.buffer.byteLength) return undefined; // not from searchBuffer(): leave it be
    ensureMemory(wasm, 0);
  } else {
    base = 0;
    ensureMemory(wasm, n + PADDING);
    whole!.set(bytes);
  }
  whole!.fill(0, base + n, base + n + PADDING);
  end = base + n;
  return nextCandidate;
}

/** Where the bytes searched lie in the module's memory; one search function for every file (no closure per file). */
let base = 0;
let end = 0;
const nextCandidate: FingerprintSearch = (from) => {
  const r = instance!.next(base + from, end);
  return r !== -1 && r + 1 < end ? r - base : -1;
};

/**
 * A buffer of at least `size` bytes inside the search's memory, for a reader to read files into so that the search
 * need not copy them (undefined without WebAssembly SIMD, or over {@link MAX_SEARCH_BYTES}). It leaves room for the padding after any file read into
 * it. Growing the memory detaches earlier buffers: ask again for each file; what was read stays where it was.
 */
export function searchBuffer(size: number): Buffer | undefined {
  const wasm = searchInstance();
  if (!wasm || size > MAX_SEARCH_BYTES) return undefined;
  ensureMemory(wasm, size + PADDING);
  return view;
}

/** The pre-check through the one-pass search; undefined where it is not available (the caller falls back). */
export function wasmMayContainSecret(bytes: Uint8Array, triggers: readonly string[]): boolean | undefined {
  const search = wasmFingerprintSearch(bytes);
  return search && mayContainSecretAtFingerprints(bytes, search, triggers);
}
