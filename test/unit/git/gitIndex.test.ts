// The index reader against indexes git itself writes (every version, SHA-256, split and sparse), and against
// hostile bytes built at test time: refused or read in one pass, with output bounded by the input's size.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitIndexError, MAX_INDEX_PATH, parseGitIndex, TrackedPaths } from '../../../src/core/git';

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `git ls-files` as a sorted list (quoting off, so names come as they are). */
const lsFiles = (dir: string, ...extra: string[]): string[] => git(dir, '-c', 'core.quotePath=false', 'ls-files', '-z', ...extra).split('\0').filter(Boolean).sort();
const readIndex = (dir: string, name = 'index'): Uint8Array => fs.readFileSync(path.join(dir, '.git', name));

/** A minimal index of version 2 or 4 (SHA-1 sized ids, zero stat data), for hostile layouts. */
function buildIndex(version: 2 | 4, names: readonly (string | { strip: number; suffix: string })[]): Uint8Array {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(names.length, 8);
  parts.push(header);
  for (const n of names) {
    const fixed = Buffer.alloc(62);
    fixed.writeUInt32BE(0o100644, 24);
    if (typeof n === 'string') {
      const name = Buffer.from(n, 'utf8');
      fixed.writeUInt16BE(Math.min(name.length, 0xfff), 60);
      if (version === 2) parts.push(fixed, name, Buffer.alloc(8 - ((62 + name.length) % 8)));
      else parts.push(fixed, Buffer.from([0]), name, Buffer.from([0])); // strip nothing, then the whole name
    } else {
      const varint: number[] = [];
      let v = n.strip;
      varint.unshift(v & 0x7f);
      while ((v >>= 7)) varint.unshift(0x80 | (--v & 0x7f));
      parts.push(fixed, Buffer.from(varint), Buffer.from(n.suffix, 'utf8'), Buffer.from([0]));
    }
  }
  parts.push(Buffer.alloc(20)); // checksum (not verified: only the layout is)
  return Buffer.concat(parts);
}

describe('git index reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-index-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const populate = (repo: string): void => {
    for (const f of ['a.txt', 'dir/b.txt', 'dir/sub/c d.txt', 'dir/sub/ünïcode.txt', 'z/.env', 'dir.txt', 'dir-x/e']) {
      fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
      fs.writeFileSync(path.join(repo, f), f);
    }
    git(repo, 'add', '-A');
  };

  it('reads versions 2, 3 and 4 as git lists them', () => {
    git(dir, 'init', '-q');
    populate(dir);
    const expected = lsFiles(dir);
    assert.equal(parseGitIndex(readIndex(dir)).version, 2);
    assert.deepEqual([...parseGitIndex(readIndex(dir)).paths].sort(), expected);
    fs.writeFileSync(path.join(dir, 'planned.txt'), 'p');
    git(dir, 'add', '-N', 'planned.txt');
    const v3 = parseGitIndex(readIndex(dir));
    assert.equal(v3.version, 3);
    assert.deepEqual([...v3.paths].sort(), lsFiles(dir));
    git(dir, 'update-index', '--index-version', '4');
    const v4 = parseGitIndex(readIndex(dir));
    assert.equal(v4.version, 4);
    assert.deepEqual([...v4.paths].sort(), lsFiles(dir));
  });

  it('reads a SHA-256 repository\'s index', () => {
    git(dir, 'init', '-q', '--object-format=sha256');
    populate(dir);
    assert.deepEqual([...parseGitIndex(readIndex(dir)).paths].sort(), lsFiles(dir));
  });

  it('reads a split index: the link to the shared index, and the entries of both', () => {
    git(dir, 'init', '-q');
    populate(dir);
    git(dir, 'commit', '-q', '-m', 'x');
    git(dir, 'update-index', '--split-index');
    fs.writeFileSync(path.join(dir, 'new.txt'), 'n');
    git(dir, 'add', 'new.txt');
    const own = parseGitIndex(readIndex(dir));
    assert.match(own.sharedIndex ?? '', /^[0-9a-f]{40}$/);
    const shared = parseGitIndex(readIndex(dir, `sharedindex.${own.sharedIndex!}`));
    assert.deepEqual([...new Set([...own.paths, ...shared.paths])].sort(), lsFiles(dir));
  });

  it('reads a sparse index: folders outside the cone are tracked as a whole', () => {
    git(dir, 'init', '-q');
    populate(dir);
    git(dir, 'commit', '-q', '-m', 'x');
    git(dir, 'sparse-checkout', 'init', '--cone', '--sparse-index');
    git(dir, 'sparse-checkout', 'set', 'z');
    const index = parseGitIndex(readIndex(dir));
    assert.ok(index.sparseDirectories.includes('dir'), JSON.stringify(index));
    const tracked = new TrackedPaths(index.paths, index.sparseDirectories);
    for (const f of lsFiles(dir, '--sparse').filter((p) => !p.endsWith('/'))) assert.ok(tracked.hasFile(f), f);
    assert.ok(tracked.hasFile('dir/sub/c d.txt'));
    assert.ok(tracked.hasInside('dir/sub'));
    assert.ok(!tracked.hasFile('dir.txt/x'));
  });

  it('refuses what is not an index it understands', () => {
    assert.throws(() => parseGitIndex(new Uint8Array(0)), GitIndexError);
    assert.throws(() => parseGitIndex(Buffer.from('PACK\0\0\0\x02\0\0\0\0')), /no DIRC signature/);
    const v5 = Buffer.from(buildIndex(2, []));
    v5.writeUInt32BE(5, 4);
    assert.throws(() => parseGitIndex(v5), /unsupported index version 5/);
    const truncated = buildIndex(2, ['a', 'b']).subarray(0, 90);
    assert.throws(() => parseGitIndex(truncated), GitIndexError);
    assert.throws(() => parseGitIndex(buildIndex(4, [{ strip: 5, suffix: 'x' }])), /prefix longer than the previous path/);
  });

  describe('hostile indexes (inputs of 1 MB and more, built here)', () => {
    it('refuses a claimed entry count the file cannot hold before doing any work', () => {
      const bytes = Buffer.alloc(2 * 1024 * 1024);
      bytes.write('DIRC', 0, 'latin1');
      bytes.writeUInt32BE(2, 4);
      bytes.writeUInt32BE(0xffffffff, 8);
      assert.throws(() => parseGitIndex(bytes), /claims 4294967295 entries/);
    });

    it('refuses a name without a terminator as soon as it passes the path limit', () => {
      const bytes = Buffer.concat([buildIndex(2, ['a']).subarray(0, 12 + 62), Buffer.alloc(2 * 1024 * 1024, 0x61)]);
      assert.throws(() => parseGitIndex(bytes), /over-long path/);
    });

    it('keeps prefix-compressed output proportional to the input: every path at most the path limit', () => {
      // Version 4's worst case: one long path, then entries that each keep all of it and add one byte.
      const build = (entries: number): Uint8Array => buildIndex(4, [
        'p'.repeat(1024), ...Array.from({ length: entries }, (_, i) => ({ strip: i === 0 ? 0 : 1, suffix: String.fromCharCode(97 + (i % 26)) })),
      ]);
      const small = build(16_000), large = build(64_000);
      assert.ok(large.length > 1024 * 1024, `${large.length} bytes`);
      const out = (bytes: Uint8Array): number => parseGitIndex(bytes).paths.reduce((n, p) => n + p.length, 0);
      const [a, b] = [out(small), out(large)];
      assert.ok(b / a > 3.9 && b / a < 4.1, `output grows with the input (${a} → ${b} characters for ×${(large.length / small.length).toFixed(2)} bytes)`);
      assert.ok(b <= large.length * (MAX_INDEX_PATH / 62), 'bounded by the path limit per entry');
      const tooLong = buildIndex(4, ['p'.repeat(MAX_INDEX_PATH), { strip: 0, suffix: 'x' }]);
      assert.throws(() => parseGitIndex(tooLong), /path too long/);
    });

    it('answers tracked-path questions by binary search over 200,000 paths', () => {
      const paths = Array.from({ length: 200_000 }, (_, i) => `src/m${i % 1000}/f${i}.ts`);
      const tracked = new TrackedPaths(paths);
      assert.ok(tracked.hasInside('src/m999'));
      assert.ok(!tracked.hasInside('src/m1000'));
      assert.ok(!tracked.hasInside('src/m99/f99.ts'), 'a file is not a folder');
      assert.ok(tracked.hasFile('src/m5/f5.ts'));
      assert.ok(!tracked.hasInside('sr'), 'a prefix of a name is not a folder');
      assert.ok(tracked.hasInside(''));
      assert.ok(!TrackedPaths.none.hasInside(''));
      assert.ok(tracked.sameAs(new TrackedPaths([...paths].reverse())));
      assert.ok(!tracked.sameAs(new TrackedPaths(paths.slice(1))));
    });
  });
});
