// FolderAccess over Node's fs (paths as strings), for the repository and ignore-file logic in src/core/git: the
// CLI's, and the editor's local-folder scan worker. Synchronous system calls behind the promise interface.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { type FolderAccess } from '../core/git';

/** Opening a FIFO for reading would wait for a writer forever; only regular files are opened. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** At most `maxBytes` of a regular file; undefined when it is missing, not a regular file or unreadable. */
export function readRegularFile(file: string, maxBytes: number): Uint8Array | 'tooLarge' | undefined {
  let fd: number;
  try {
    if (!fs.statSync(file).isFile()) return undefined;
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > maxBytes) return 'tooLarge';
    const bytes = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < bytes.length) {
      const r = fs.readSync(fd, bytes, n, bytes.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return bytes.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export const NODE_FOLDER_ACCESS: FolderAccess<string> = {
  parent: (p) => {
    const up = path.dirname(p);
    return up === p ? undefined : up;
  },
  name: (p) => path.basename(p),
  child: (dir, ...names) => path.join(dir, ...names),
  resolve: (base, p) => path.resolve(base, p),
  kind: (p) => {
    try {
      const st = fs.statSync(p);
      return Promise.resolve(st.isDirectory() ? 'directory' : st.isFile() ? 'file' : undefined);
    } catch {
      return Promise.resolve(undefined);
    }
  },
  read: (file, maxBytes) => Promise.resolve(readRegularFile(file, maxBytes)),
};
