// The readers of git's streamed output (`log --raw -z`, `cat-file --batch`): real output of a repository made here,
// fed whole and one byte at a time, and hostile streams of 1 MB and more.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatFileBatchParser, isNewFileContent, MAX_RAW_TOKEN, RawDiffParser, type BatchObject, type RawChange } from '../../../src/core/git';

function git(dir: string, args: readonly string[], input?: string): Buffer {
  const date = '2024-06-01T12:00:00+02:00';
  const r = spawnSync('git', args, { cwd: dir, input, maxBuffer: 64 << 20, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.toString()}`);
  return r.stdout;
}

function parseRaw(bytes: Uint8Array, chunk = bytes.length): { changes: RawChange[]; commits: number } {
  const changes: RawChange[] = [];
  const parser = new RawDiffParser((c) => changes.push(c));
  for (let i = 0; i < bytes.length; i += chunk) parser.push(bytes.subarray(i, i + chunk));
  parser.end();
  return { changes, commits: parser.commits };
}

describe('git output readers', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-gitout-'));
    git(dir, ['init', '-q', '-b', 'main']);
    const write = (f: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), text);
    };
    write('a.txt', 'a\n');
    write('odd\nname :000000 100644.txt', 'odd\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'one']);
    fs.symlinkSync('a.txt', path.join(dir, 'link'));
    write('a.txt', 'a2\n');
    fs.rmSync(path.join(dir, 'odd\nname :000000 100644.txt'));
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'two']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'empty']);
    git(dir, ['checkout', '-q', '-b', 'side', 'HEAD~1']);
    write('side.txt', 's\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'side']);
    git(dir, ['checkout', '-q', 'main']);
    git(dir, ['merge', '-q', '--no-commit', 'side']);
    write('evil.txt', 'e\n');
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'merge']);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const log = (): Buffer => git(dir, ['log', '-z', '--raw', '--no-abbrev', '--no-renames', '--root', '--diff-merges=dense-combined', '--reverse', '--topo-order',
    '--format=%H%x20%aI', 'HEAD']);

  it('reads commits and their changes from git log --raw -z, merges by their combined diff, whatever the chunking', () => {
    const whole = parseRaw(log());
    assert.equal(whole.commits, 5);
    const summary = whole.changes.map((c) => `${c.status} ${c.mode} ${c.path} ${isNewFileContent(c) ? 'scan' : 'skip'}`);
    assert.deepEqual(summary, [
      'A 100644 a.txt scan', 'A 100644 odd\nname :000000 100644.txt scan',
      'M 100644 a.txt scan', 'A 120000 link skip', 'D 000000 odd\nname :000000 100644.txt skip',
      'A 100644 side.txt scan',
      'AA 100644 evil.txt scan',
    ]);
    const ids = new Set(whole.changes.map((c) => c.commit?.id));
    assert.equal(ids.size, 4, 'the empty commit has no change');
    assert.ok(whole.changes.every((c) => c.commit?.authorDate === '2024-06-01T12:00:00+02:00'));
    assert.deepEqual(parseRaw(log(), 1), whole, 'one byte at a time');
    assert.deepEqual(parseRaw(log(), 7), whole);
  });

  it('reads git diff-index --cached output (no commit headers)', () => {
    fs.writeFileSync(path.join(dir, 'staged.txt'), 'x\n');
    git(dir, ['add', 'staged.txt']);
    const { changes } = parseRaw(git(dir, ['diff-index', '--cached', '-z', '--raw', '--no-abbrev', '--no-renames', 'HEAD']));
    git(dir, ['reset', '-q']);
    assert.deepEqual(changes.map((c) => [c.status, c.path, c.commit]), [['A', 'staged.txt', undefined]]);
  });

  it('reads git cat-file --batch objects (and missing ones), whatever the chunking', () => {
    const ids = git(dir, ['rev-list', '--objects', '--all']).toString().split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
    const request = `${ids.join('\n')}\n${'0'.repeat(40)}\n`;
    const out = git(dir, ['cat-file', '--batch'], request);
    const read = (chunk: number): { objects: BatchObject[]; missing: string[] } => {
      const objects: BatchObject[] = [], missing: string[] = [];
      const parser = new CatFileBatchParser(1 << 20, (o) => objects.push({ ...o, bytes: o.bytes.slice() }), (m) => missing.push(m));
      for (let i = 0; i < out.length; i += chunk) parser.push(out.subarray(i, i + chunk));
      parser.end();
      return { objects, missing };
    };
    const whole = read(out.length);
    assert.deepEqual(whole.objects.map((o) => o.id), ids);
    assert.deepEqual(whole.missing, ['0'.repeat(40)]);
    const blob = whole.objects.find((o) => o.type === 'blob' && Buffer.from(o.bytes).toString() === 'a2\n');
    assert.ok(blob);
    assert.deepEqual(read(1), whole);
    assert.deepEqual(read(13), whole);
  });

  describe('hostile streams (1 MB and more, built here)', () => {
    it('refuses a field without a terminator once it passes the limit', () => {
      const parser = new RawDiffParser(() => undefined);
      const junk = Buffer.alloc(2 * 1024 * 1024, 0x61);
      assert.throws(() => parser.push(junk), /without a terminator/);
      const chunked = new RawDiffParser(() => undefined);
      assert.throws(() => {
        for (let i = 0; i < 4 * MAX_RAW_TOKEN; i += 1000) chunked.push(junk.subarray(i, i + 1000));
      }, /without a terminator/, 'also when it arrives in pieces');
    });

    it('reads a long stream of separators and changes in one pass, its work growing with its size', () => {
      const change = Buffer.from(`:000000 100644 ${'0'.repeat(40)} ${'1'.repeat(40)} A\0p\0`);
      const stream = (n: number): Buffer => Buffer.concat([Buffer.alloc(n, 0), ...Array<Buffer>(n / 100).fill(change)]);
      let count = 0;
      const parser = new RawDiffParser(() => count++);
      parser.push(stream(1_000_000));
      parser.end();
      assert.equal(count, 10_000);
      assert.throws(() => new RawDiffParser(() => undefined).push(Buffer.from(':100644 100644 abc\0')), /unexpected git change line/);
      assert.throws(() => new RawDiffParser(() => undefined).push(Buffer.from('not-a-commit 2024\0')), /unexpected git log header/);
    });

    it('refuses an object larger than asked for, and an over-long header', () => {
      assert.throws(() => new CatFileBatchParser(10, () => undefined).push(Buffer.from(`${'a'.repeat(40)} blob 11\n`)), /more than asked for/);
      assert.throws(() => new CatFileBatchParser(10, () => undefined).push(Buffer.alloc(1024 * 1024, 0x61)), /header too long/);
      const parser = new CatFileBatchParser(10, () => undefined);
      parser.push(Buffer.from(`${'a'.repeat(40)} blob 3\nab`));
      assert.throws(() => parser.end(), /ended inside an object/);
    });
  });
});
