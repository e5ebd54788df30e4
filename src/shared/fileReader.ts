// Reads one file for scanning: at most `maxBytes` (larger files are skipped unread), into a buffer reused across
// files so that scanning thousands of small files allocates almost nothing.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';

export type ReadOutcome =
  | { readonly kind: 'read'; readonly bytes: Buffer }
  | { readonly kind: 'tooLarge'; readonly size: number }
  | { readonly kind: 'notRegular' }
  | { readonly kind: 'error'; readonly error: unknown };

export class FileReader {
  private scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(private readonly maxBytes: number) {}

  /** The returned bytes are valid until the next call. */
  read(absPath: string): ReadOutcome {
    let fd: number;
    try {
      fd = fs.openSync(absPath, 'r');
    } catch (error) {
      return { kind: 'error', error };
    }
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return { kind: 'notRegular' };
      if (st.size > this.maxBytes) return { kind: 'tooLarge', size: st.size };
      // The file may grow while we read it: read up to one byte past the cap to notice.
      const want = Math.min(this.maxBytes + 1, Math.max(st.size, 1) + 1);
      if (this.scratch.length < want) this.scratch = Buffer.allocUnsafe(Math.max(want, this.scratch.length * 2));
      let n = 0;
      for (;;) {
        const r = fs.readSync(fd, this.scratch, n, this.scratch.length - n, null);
        if (r === 0) break;
        n += r;
        if (n > this.maxBytes) return { kind: 'tooLarge', size: n };
        if (st.size > 0 && n >= st.size) break; // saves a read per file; growth after fstat is not our snapshot
        if (n === this.scratch.length) this.grow();
      }
      return { kind: 'read', bytes: this.scratch.subarray(0, n) };
    } catch (error) {
      return { kind: 'error', error };
    } finally {
      fs.closeSync(fd);
    }
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(Math.min(this.maxBytes + 1, this.scratch.length * 2) + 1);
    this.scratch.copy(bigger);
    this.scratch = bigger;
  }
}
