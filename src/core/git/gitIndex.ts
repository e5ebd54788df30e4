// Reads the paths git tracks from the bytes of `.git/index` (versions 2, 3 and 4; SHA-1 and SHA-256 repositories),
// so the scanners know what is committed without running git. Running git in an untrusted repository is not safe:
// its own `.git/config` can make read-only commands run programs (`core.fsmonitor` runs on every index read,
// `core.hooksPath`, `diff.external`, textconv and filter drivers, `gpg.program` with `log.showSignature`…), and the
// editor must work in Restricted Mode and on remote and virtual file systems, where there may be no git at all.
// Format: git's Documentation/gitformat-index.txt. One pass over the bytes, each entry read once: linear in the
// file's size, with every length checked against the bytes left (a corrupt or hostile file is refused, not
// trusted).

/** Where the entries end: extensions follow, then the trailing checksum. */
interface EntriesRead {
  readonly paths: string[];
  /** Offset just past the last entry. */
  readonly end: number;
}

export interface GitIndexContents {
  readonly version: 2 | 3 | 4;
  /** Every tracked path (all stages, intent-to-add and skip-worktree entries included), POSIX, as stored. */
  readonly paths: readonly string[];
  /** Sparse-index directory entries (`dir/`): everything below them is tracked. */
  readonly sparseDirectories: readonly string[];
  /** Split index (`git update-index --split-index`): the shared index's id, whose entries are tracked too. */
  readonly sharedIndex?: string;
}

export class GitIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitIndexError';
  }
}

/** Longest path accepted (git's own limit is PATH_MAX-like, 4096): bounds the work per entry. */
export const MAX_INDEX_PATH = 4096;
const HEADER = 12;
/** ctime, mtime, dev, ino, mode, uid, gid, size: ten 32-bit fields. */
const STAT_FIELDS = 40;
const HASH_SIZES = [20, 32] as const;
const SIGNATURE = [0x44, 0x49, 0x52, 0x43]; // DIRC
const EXTENDED = 0x4000;
const DIRECTORY_MODE = 0o040000;

const utf8 = new TextDecoder('utf-8');

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

/**
 * Parses an index file. Throws {@link GitIndexError} when the bytes are not an index this reader understands
 * (the caller then falls back to treating nothing as tracked).
 */
export function parseGitIndex(bytes: Uint8Array): GitIndexContents {
  if (bytes.length < HEADER || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new GitIndexError('not a git index (no DIRC signature)');
  const version = u32(bytes, 4);
  if (version !== 2 && version !== 3 && version !== 4) throw new GitIndexError(`unsupported index version ${version}`);
  const count = u32(bytes, 8);
  // The hash size is not in the file: try SHA-1's, then SHA-256's; only the right one reads every entry cleanly and
  // leaves exactly a trailing checksum of that size after the extensions.
  let firstError: GitIndexError | undefined;
  for (const hashSize of HASH_SIZES) {
    try {
      const read = readEntries(bytes, version, count, hashSize);
      const sharedIndex = readExtensions(bytes, read.end, hashSize);
      const files: string[] = [];
      const sparseDirectories: string[] = [];
      for (const p of read.paths) (p.endsWith('/') ? sparseDirectories : files).push(p.endsWith('/') ? p.slice(0, -1) : p);
      return { version, paths: files, sparseDirectories, ...(sharedIndex ? { sharedIndex } : {}) };
    } catch (e) {
      if (!(e instanceof GitIndexError)) throw e;
      firstError ??= e; // SHA-1's reason: what nearly every repository uses
    }
  }
  throw firstError!;
}

function readEntries(bytes: Uint8Array, version: number, count: number, hashSize: number): EntriesRead {
  const fixed = STAT_FIELDS + hashSize + 2;
  // Every entry takes at least `fixed` bytes: a count the file cannot hold is refused before any work.
  if (count > (bytes.length - HEADER) / fixed) throw new GitIndexError(`the index claims ${count} entries in ${bytes.length} bytes`);
  const paths: string[] = [];
  let at = HEADER;
  let previous = new Uint8Array(0);
  let previousLength = 0;
  for (let n = 0; n < count; n++) {
    const start = at;
    if (at + fixed > bytes.length) throw new GitIndexError('truncated index entry');
    const mode = u32(bytes, at + 24);
    const flags = u16(bytes, at + STAT_FIELDS + hashSize);
    at += fixed;
    if (flags & EXTENDED) {
      if (version < 3) throw new GitIndexError('extended flags in a version 2 index');
      at += 2;
    }
    let name: Uint8Array;
    if (version === 4) {
      // Prefix compression: drop `strip` bytes from the end of the previous path, then append the NUL-terminated rest.
      let strip = 0;
      for (let shift = 0; ; shift += 7) {
        if (at >= bytes.length || shift > 28) throw new GitIndexError('bad path prefix length');
        const c = bytes[at++]!;
        strip = shift === 0 ? c & 0x7f : ((strip + 1) * 128) + (c & 0x7f);
        if (!(c & 0x80)) break;
      }
      if (strip > previousLength) throw new GitIndexError('path prefix longer than the previous path');
      const end = bytes.indexOf(0, at);
      if (end < 0) throw new GitIndexError('unterminated path');
      const keep = previousLength - strip;
      const length = keep + (end - at);
      if (length > MAX_INDEX_PATH) throw new GitIndexError('path too long');
      if (previous.length < length) {
        const grown = new Uint8Array(Math.max(length, previous.length * 2, 64));
        grown.set(previous.subarray(0, keep));
        previous = grown;
      }
      previous.set(bytes.subarray(at, end), keep);
      previousLength = length;
      name = previous.subarray(0, length);
      at = end + 1;
    } else {
      const end = bytes.indexOf(0, at);
      if (end < 0 || end - at > MAX_INDEX_PATH) throw new GitIndexError('unterminated or over-long path');
      const stored = flags & 0xfff;
      if (stored !== 0xfff && stored !== end - at) throw new GitIndexError('path length does not match its flags');
      name = bytes.subarray(at, end);
      // Entries are padded with 1–8 NULs to a multiple of 8 bytes from their start.
      at = start + ((end - start + 8) & ~7);
      if (at > bytes.length) throw new GitIndexError('truncated index entry');
    }
    // A split index stores entries that replace shared ones with an empty name; their path is the shared entry's.
    if (name.length === 0) continue;
    const path = utf8.decode(name);
    paths.push((mode & 0o170000) === DIRECTORY_MODE && !path.endsWith('/') ? `${path}/` : path);
  }
  return { paths, end: at };
}

/** Walks the extensions to check the layout (and find a split index's link); returns the shared index's id. */
function readExtensions(bytes: Uint8Array, from: number, hashSize: number): string | undefined {
  const end = bytes.length - hashSize;
  let at = from;
  let shared: string | undefined;
  while (at < end) {
    if (at + 8 > end) throw new GitIndexError('truncated index extension');
    const size = u32(bytes, at + 4);
    if (size > end - at - 8) throw new GitIndexError('index extension longer than the file');
    if (bytes[at] === 0x6c && bytes[at + 1] === 0x69 && bytes[at + 2] === 0x6e && bytes[at + 3] === 0x6b /* link */) {
      if (size < hashSize) throw new GitIndexError('short split-index link');
      shared = hex(bytes.subarray(at + 8, at + 8 + hashSize));
    }
    at += 8 + size;
  }
  if (at !== end) throw new GitIndexError('index extensions do not end at the checksum');
  return shared && !/^0+$/.test(shared) ? shared : undefined;
}

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
