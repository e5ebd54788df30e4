// Real-world shapes of Cosmos DB secrets, one class at a time (issue 10 §4): table-driven cases written from the
// labelling policy (shared/corpus-public/README.md), never from the public corpus files. Every key is generated
// fresh for each run (legacy keys from random bytes, identifiable keys with a valid Marvin32 checksum computed by
// the code); the seed is printed with any failure so that a run can be replayed (SHAPES_SEED=<n>).
import { scanText } from '../../../../src/core/detection';
import { isFillerKey } from '../../../../src/core/detection/placeholder';
import { decodeFileBytes } from '../../../../src/core/scan';
import { identifiableKey, legacyKey, seededRandom, toBase64 } from '../../../support/keyFactory';

export interface ShapeCase {
  readonly name: string;
  readonly file: string;
  /** The file's content: text, or bytes read as the scanners read them (decodeFileBytes). */
  readonly content: string | Uint8Array;
  /** 1-based lines that hold a secret (empty for a near-miss negative). */
  readonly lines: readonly number[];
  /** How many findings in all, when a line holds more than one secret (default: one per line). */
  readonly findings?: number;
}

export interface ShapeClass {
  readonly name: string;
  readonly build: (k: KeyMaker) => readonly ShapeCase[];
}

/** Fresh keys for one run. Values the detector would rightly call fillers (p ≈ 1e-5) are drawn again. */
export interface KeyMaker {
  /** A legacy-format key (88 base64 characters, may hold `+` and `/`). */
  legacy(): string;
  /** A legacy key with at least one `+` and one `/` (to exercise escapes). */
  legacyWithSymbols(): string;
  /** An identifiable key with a valid checksum for the seed (default master read-write). */
  identifiable(seed?: string): string;
  /** An `ACDb` key whose checksum does not validate. */
  fakeIdentifiable(): string;
  /** Random bytes as base64 (hashes, signatures, other services' secrets). */
  base64(bytes: number): string;
  /** A random lowercase name. */
  name(prefix: string): string;
  /** A user-chosen-looking password (letters, digits, one symbol). */
  password(): string;
}

export const SHAPES_SEED = Number(process.env.SHAPES_SEED ?? Math.floor(Math.random() * 2 ** 31));

export function keyMaker(seed: number): KeyMaker {
  const rnd = seededRandom(seed);
  const usable = (make: () => string): string => {
    for (;;) {
      const key = make();
      if (!isFillerKey(key)) return key;
    }
  };
  return {
    legacy: () => usable(() => legacyKey(rnd)),
    legacyWithSymbols: () => usable(() => {
      for (;;) {
        const key = legacyKey(rnd);
        if (key.slice(0, 86).includes('+') && key.slice(0, 86).includes('/')) return key;
      }
    }),
    identifiable: (seed = 'MastRW00') => identifiableKey(rnd, seed),
    fakeIdentifiable: () => identifiableKey(rnd, 'MastRW00', { breakChecksum: true }),
    base64: (bytes) => {
      const b = new Uint8Array(bytes);
      for (let i = 0; i < bytes; i++) b[i] = Math.floor(rnd() * 256);
      return toBase64(b);
    },
    name: (prefix) => `${prefix}${Math.floor(rnd() * 36 ** 5).toString(36).padStart(5, '0')}`,
    password: () => {
      const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
      let p = '';
      for (let i = 0; i < 12; i++) p += letters[Math.floor(rnd() * letters.length)];
      return `${p.slice(0, 6)}${'!*-_'[Math.floor(rnd() * 4)]}${p.slice(6)}`;
    },
  };
}

export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
/** Java `Properties.store()`: `=`, `:`, `#` and `!` in values are written with a backslash. */
export const javaProperties = (s: string): string => s.replace(/[=:#!]/g, (c) => `\\${c}`);

/** The lines with at least one finding, and the number of findings. */
export function detect(c: ShapeCase): { lines: number[]; count: number } {
  let text: string;
  if (typeof c.content === 'string') text = c.content;
  else {
    const decoded = decodeFileBytes(c.content);
    if (decoded.kind !== 'text') return { lines: [], count: 0 };
    text = decoded.text;
  }
  const found = scanText(c.file, text);
  return { lines: [...new Set(found.map((f) => f.line))].sort((a, b) => a - b), count: found.length };
}

export interface Score { readonly tp: number; readonly fp: number; readonly fn: number; readonly precision: number; readonly recall: number }

/** Line-level precision and recall, as the corpus scorer counts them. */
export function score(cases: readonly ShapeCase[]): Score {
  let tp = 0, fp = 0, fn = 0;
  for (const c of cases) {
    const got = new Set(detect(c).lines);
    for (const l of c.lines) if (got.has(l)) tp++; else fn++;
    for (const l of got) if (!c.lines.includes(l)) fp++;
  }
  return { tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}
