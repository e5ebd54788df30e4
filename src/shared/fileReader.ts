// Reads one file for scanning: at most `maxBytes` (larger files are skipped unread), into a buffer reused across
// files so that scanning thousands of small files allocates almost nothing.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';

export type ReadOutcome =
  | { readonly kind: 'read'; readonly bytes: Buffer }
  | { readonly kind: 'tooLarge'; readonly size: number }
  | { readonly kind: 'notRegular' }
  | { readonly kind: 'error'; readonly error: unknown };

/** Where a reader may read into instead of its own buffer: at least `size` bytes, earlier contents kept. */
export type ReadBufferProvider = (size: number) => Buffer | undefined;

const FIRST_READ = 64 * 1024;
/**
 * A regular file's `read()` returns less than asked only at its end on local file systems; network and FUSE file
 * systems may stop at a transfer unit (`rsize`, `max_read`: multiples of the 4 KiB page). A short first read of a
 * whole number of pages is therefore checked like a full one (its size decides), so a file cut at such a boundary
 * is never scanned in part; any other short read is the file's end (that is 4,095 sizes in every 4,096), and so is
 * a read of nothing (an empty file costs no `fstat`).
 */
const TRANSFER_UNIT = 4096;

/** The system call the reader reads with (a test passes one that returns less, as a FUSE file system may). */
export type ReadSync = (fd: number, buffer: Buffer, offset: number, length: number, position: null) => number;

export class FileReader {
  private scratch: Buffer = Buffer.allocUnsafe(FIRST_READ);

  /**
   * `provider`, when given, supplies the buffer files are read into (the pre-check's search memory, so that its
   * bytes need no copy there); without one, or when it gives none, the reader uses its own.
   */
  constructor(private readonly maxBytes: number, private readonly provider?: ReadBufferProvider,
    private readonly readSync: ReadSync = fs.readSync) {}

  /**
   * The returned bytes are valid until the next call. `absPath` is a regular file by the walk's account: a small
   * file (one read, shorter than the buffer and not a whole number of pages: see {@link TRANSFER_UNIT}) costs open,
   * read and close; only a file that fills the first read (or stops at a page boundary) is `fstat`ed, for its size
   * and kind, so that one over the cap is skipped unread and one cut short is read on. A thing that stopped being a
   * regular file since the walk fails (a folder: EISDIR, reported as not regular) or is bounded by the cap (a device).
   */
  read(absPath: string): ReadOutcome {
    let fd: number;
    try {
      fd = fs.openSync(absPath, 'r');
    } catch (error) {
      return { kind: 'error', error };
    }
    try {
      if (this.provider) this.scratch = this.provider(FIRST_READ) ?? this.scratch;
      const first = this.readSync(fd, this.scratch, 0, this.scratch.length, null);
      if (first < this.scratch.length && (first === 0 || first % TRANSFER_UNIT !== 0)) {
        return first > this.maxBytes ? { kind: 'tooLarge', size: first } : { kind: 'read', bytes: this.scratch.subarray(0, first) };
      }
      return this.readRest(fd, first);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EISDIR' ? { kind: 'notRegular' } : { kind: 'error', error };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** A file larger than the first read: its size decides whether it is read at all. */
  private readRest(fd: number, first: number): ReadOutcome {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { kind: 'notRegular' };
    if (st.size > this.maxBytes || first > this.maxBytes) return { kind: 'tooLarge', size: Math.max(st.size, first) };
    // The file may grow while we read it: read up to one byte past the cap to notice.
    const want = Math.min(this.maxBytes + 1, Math.max(st.size, 1) + 1);
    if (this.scratch.length < want) this.growTo(want, first);
    let n = first;
    for (;;) {
      if (st.size > 0 && n >= st.size) break; // saves a read per file; growth after fstat is not our snapshot
      if (n === this.scratch.length) this.growTo(Math.min(this.maxBytes + 1, this.scratch.length * 2) + 1, n);
      const r = this.readSync(fd, this.scratch, n, this.scratch.length - n, null);
      if (r === 0) break;
      n += r;
      if (n > this.maxBytes) return { kind: 'tooLarge', size: n };
    }
    return { kind: 'read', bytes: this.scratch.subarray(0, n) };
  }

  /** A bigger buffer holding the `keep` bytes read so far (only those: copying the rest is wasted work). */
  private growTo(size: number, keep: number): void {
    const provided = this.provider?.(size);
    if (provided) {
      // The provider's memory, grown (the old view is then detached) or not: what was read is still there. Bytes
      // read into this reader's own buffer are copied over.
      const sameMemory = provided.buffer === this.scratch.buffer || this.scratch.byteLength === 0;
      if (!sameMemory) provided.set(this.scratch.subarray(0, keep));
      this.scratch = provided;
      return;
    }
    const bigger = Buffer.allocUnsafe(Math.max(size, this.scratch.length * 2));
    this.scratch.copy(bigger, 0, 0, keep);
    this.scratch = bigger;
  }
}
