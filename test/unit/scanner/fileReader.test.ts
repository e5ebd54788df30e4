// FileReader: the CLI's and the folder-scan worker's reads. A small file is read without fstat, a file that fills
// the first read is sized first; every size around the buffer and the cap reads exactly its bytes or is skipped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileReader } from '../../../src/shared/fileReader';

describe('FileReader', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-reader-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, size: number): { file: string; bytes: Buffer } => {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = 97 + (i % 26);
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return { file, bytes };
  };

  it('reads files of every size around its 64 KiB buffer exactly, the buffer reused', () => {
    const reader = new FileReader(1 << 20);
    for (const size of [0, 1, 4095, 65535, 65536, 65537, 200_000, 1 << 20]) {
      const { file, bytes } = write(`f${size}`, size);
      const got = reader.read(file);
      assert.equal(got.kind, 'read', `size ${size}`);
      if (got.kind === 'read') assert.ok(got.bytes.equals(bytes), `size ${size}`);
    }
  });

  it('skips files over the cap, whether or not they fill the first read', () => {
    for (const [cap, size] of [[100, 101], [100, 70_000], [65_536, 65_537], [(1 << 20) - 1, 1 << 20]] as const) {
      const { file } = write(`big${cap}-${size}`, size);
      const got = new FileReader(cap).read(file);
      assert.equal(got.kind, 'tooLarge', `cap ${cap}, size ${size}`);
    }
    const { file } = write('atcap', 100);
    assert.equal(new FileReader(100).read(file).kind, 'read');
  });

  it('reads on past a short read that stops at a page boundary, as network and FUSE file systems may return', () => {
    // A read() that returns at most 4 KiB (or 8 KiB) a call, as a FUSE file system with that max_read does.
    for (const unit of [4096, 8192]) {
      const calls: number[] = [];
      const capped = (fd: number, buffer: Buffer, offset: number, length: number): number => {
        const n = fs.readSync(fd, buffer, offset, Math.min(length, unit), null);
        calls.push(n);
        return n;
      };
      const reader = new FileReader(1 << 20, undefined, capped);
      for (const size of [0, 100, unit - 1, unit, unit + 1, 10_000, 65_536, 70_000]) {
        const { file, bytes } = write(`short${unit}-${size}`, size);
        const got = reader.read(file);
        assert.equal(got.kind, 'read', `read size ${unit}, file size ${size}`);
        if (got.kind === 'read') assert.equal(got.bytes.length, size, `read size ${unit}, file size ${size}: all of it`);
        if (got.kind === 'read') assert.ok(got.bytes.equals(bytes), `read size ${unit}, file size ${size}`);
      }
      assert.ok(calls.some((n) => n === unit), 'reads were cut at the unit');
    }
  });

  it('reports a folder as not a regular file and a missing file as an error', () => {
    const sub = path.join(dir, 'sub');
    fs.mkdirSync(sub);
    assert.equal(new FileReader(1 << 20).read(sub).kind, 'notRegular');
    const missing = new FileReader(1 << 20).read(path.join(dir, 'nope'));
    assert.equal(missing.kind, 'error');
    assert.equal((missing as { error: NodeJS.ErrnoException }).error.code, 'ENOENT');
  });
});
