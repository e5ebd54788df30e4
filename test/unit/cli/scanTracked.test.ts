// `cosmos-guard scan` on real git repositories: what is committed is scanned even when .gitignore matches it,
// untracked ignored files stay skipped; .cosmosguardignore files are read up to the repository root only; file
// names never reach the terminal raw; what cannot be read makes the scan fail (exit 2).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adoptEarlyHelper, startEarlyHelper } from '../../../src/cli/scanHelper';
import { runScan, scanFileBatch } from '../../../src/cli/scanRunner';
import { scanText } from '../../../src/core/detection';
import { connectionString, files, makeTree, runCli, scanJson } from './cliHarness';
import { commit, git, makeRepo } from './gitRepo';

describe('cosmos-guard scan: tracked files, names and failures', () => {
  const dirs: string[] = [];
  const keep = (dir: string): string => {
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => spawnSync('rm', ['-rf', d])));

  it('scans files git tracks even when .gitignore matches them, and skips untracked ignored ones', () => {
    const repo = keep(makeRepo());
    commit(repo, { '.gitignore': '.env\nbuild/\n*.log\n', 'src/app.js': 'x = 1;\n' }, 'init');
    // Committed before it was ignored: the classic leak.
    commit(repo, { '.env': `A=${connectionString(201).text}\n`, 'build/keep.js': `k="${connectionString(202).text}"`, 'trace.log': `${connectionString(203).text}\n` },
      'tracked despite .gitignore', undefined, { force: true });
    fs.writeFileSync(path.join(repo, 'local.env'), `B=${connectionString(204).text}\n`);
    fs.writeFileSync(path.join(repo, 'build', 'untracked.js'), `k="${connectionString(205).text}"`);
    fs.mkdirSync(path.join(repo, 'build', 'deep'));
    fs.writeFileSync(path.join(repo, 'build', 'deep', 'x.js'), `k="${connectionString(206).text}"`);
    fs.writeFileSync(path.join(repo, 'other.log'), `${connectionString(207).text}\n`);
    fs.appendFileSync(path.join(repo, '.gitignore'), 'local.env\n');
    const { run, report } = scanJson(repo);
    assert.equal(run.status, 1);
    assert.deepEqual(files(report), ['.env', 'build/keep.js', 'trace.log']);
    assert.equal(report.stats.skipped.ignored, 4, 'local.env, build/untracked.js, build/deep/, other.log');
    // The same from a subfolder of the repository, and nothing changes with a file git stopped tracking.
    assert.deepEqual(files(scanJson(path.join(repo, 'build')).report), ['keep.js', 'untracked.js', 'deep/x.js'].sort(),
      'a folder named on the command line is scanned even though git ignores it');
    git(repo, ['rm', '-q', '--cached', '.env']);
    assert.deepEqual(files(scanJson(repo).report), ['build/keep.js', 'trace.log'], 'untracked again: ignored again');
    // An index that cannot be read is named, and .gitignore then applies to every file.
    fs.writeFileSync(path.join(repo, '.git', 'index'), Buffer.concat([Buffer.from('DIRC\0\0\0\x07'), Buffer.alloc(64)]));
    const broken = scanJson(repo);
    assert.match(broken.run.stderr, /warning: .*: the git index could not be read: unsupported index version 7; \.gitignore applied to tracked files too/);
    assert.deepEqual(files(broken.report), []);
  });

  it('reads every index format git writes: version 4, extended flags (intent-to-add) and split indexes', () => {
    const repo = keep(makeRepo());
    commit(repo, { '.gitignore': '*.env\n', 'a/b/c.txt': 'c\n' }, 'init');
    commit(repo, { 'a/secret.env': `K=${connectionString(208).text}\n` }, 'tracked', undefined, { force: true });
    fs.writeFileSync(path.join(repo, 'a', 'planned.env'), `K=${connectionString(209).text}\n`);
    git(repo, ['add', '-N', '-f', 'a/planned.env']); // intent-to-add: extended flags, index version 3
    assert.deepEqual(files(scanJson(repo).report), ['a/planned.env', 'a/secret.env']);
    git(repo, ['update-index', '--index-version', '4']);
    assert.deepEqual(files(scanJson(repo).report), ['a/planned.env', 'a/secret.env'], 'version 4 (prefix-compressed paths)');
    git(repo, ['update-index', '--split-index']);
    fs.writeFileSync(path.join(repo, 'a', 'later.env'), `K=${connectionString(210).text}\n`);
    git(repo, ['add', '-f', 'a/later.env']);
    assert.ok(fs.readdirSync(path.join(repo, '.git')).some((n) => n.startsWith('sharedindex.')), 'git wrote a split index');
    assert.deepEqual(files(scanJson(repo).report), ['a/later.env', 'a/planned.env', 'a/secret.env'], 'split index: shared and own entries');
  });

  it('gives a nested repository (a submodule, a clone inside) its own index and ignore rules', () => {
    const repo = keep(makeRepo());
    commit(repo, { '.gitignore': '*.secret\n', 'top.txt': 'x\n' }, 'init');
    const inner = path.join(repo, 'vendor', 'lib');
    fs.mkdirSync(inner, { recursive: true });
    git(inner, ['init', '-q', '-b', 'main']);
    commit(inner, { '.gitignore': 'config.json\n', 'config.json': `{"c":"${connectionString(211).text}"}`, 'notes.secret': `${connectionString(212).text}\n` },
      'inner', undefined, { force: true });
    fs.writeFileSync(path.join(inner, 'untracked.json'), `{"c":"${connectionString(213).text}"}`);
    fs.appendFileSync(path.join(inner, '.gitignore'), 'untracked.json\n');
    assert.deepEqual(files(scanJson(repo).report), ['vendor/lib/config.json', 'vendor/lib/notes.secret'],
      'the inner repository tracks both; the outer *.secret rule does not reach into it');
  });

  it('reads .cosmosguardignore files up to the repository root, and outside a repository only in the scanned folder', () => {
    const text = `{ "Cosmos": "${connectionString(214).text}" }\n`;
    const [finding] = scanText('sub/app.json', text);
    const entry = (p: string): string => `${p} ${finding!.fingerprint} reason=test\n`;
    // Outside any repository: a parent's ignore file does not apply.
    const plain = keep(makeTree({ '.cosmosguardignore': entry('sub/app.json'), 'sub/app.json': text }));
    assert.deepEqual(files(scanJson(path.join(plain, 'sub')).report), ['app.json'], 'the parent folder is not a repository root');
    assert.deepEqual(files(scanJson(plain).report), [], 'the scanned folder\'s own file applies');
    // Inside a repository: from the scanned folder up to the root, and not above it.
    const outer = keep(makeTree({ '.cosmosguardignore': entry('repo/sub/app.json') }));
    const repo = path.join(outer, 'repo');
    fs.mkdirSync(path.join(repo, 'sub'), { recursive: true });
    git(repo, ['init', '-q']);
    fs.writeFileSync(path.join(repo, 'sub', 'app.json'), text);
    assert.deepEqual(files(scanJson(path.join(repo, 'sub')).report), ['app.json'], 'an ignore file above the repository root does not apply');
    fs.writeFileSync(path.join(repo, '.cosmosguardignore'), entry('sub/app.json'));
    assert.deepEqual(files(scanJson(path.join(repo, 'sub')).report), [], 'the repository root\'s applies');
  });

  it('prints file names with control characters escaped, and keeps JSON free of terminal controls', () => {
    const key = connectionString(215).text;
    const name = 'evil\nfake.js:1:1: error forged\u001b[31m\u202e.env';
    const dir = keep(makeTree({ [name]: `K=${key}\n`, 'c1\u009b.env': `K=${connectionString(216).text}\n` }));
    const text = runCli(['scan', dir]);
    assert.equal(text.status, 1);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, 'one line per finding, whatever the names hold');
    assert.ok(lines.some((l) => l.startsWith('evil\\nfake.js:1:1: error forged\\x1b[31m\\u{202e}.env:1:')), lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith('c1\\x9b.env:1:')), lines.join('\n'));
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text.stdout + text.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const json = runCli(['scan', dir, '--format', 'json']);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(json.stdout, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    const report = JSON.parse(json.stdout) as { findings: { file: string }[] };
    assert.deepEqual(report.findings.map((f) => f.file).sort(), ['c1\u009b.env', name].sort(), 'JSON keeps the real names');
  });

  it('fails with exit code 2 and an error on stderr when a folder cannot be read, after reporting the rest', () => {
    const dir = keep(makeTree({ 'ok.env': `K=${connectionString(217).text}\n` }));
    // A folder whose full path is longer than the system allows (ENAMETOOLONG) cannot be listed, even by root. It is
    // made with short names, then renamed from the deepest up, so that no single call needs a long path.
    const depth = 24;
    fs.mkdirSync(path.join(dir, ...Array<string>(depth).fill('x')), { recursive: true });
    for (let level = depth; level >= 1; level--) {
      const parent = path.join(dir, ...Array<string>(level - 1).fill('x'));
      fs.renameSync(path.join(parent, 'x'), path.join(parent, 'd'.repeat(200)));
    }
    const run = runCli(['scan', dir, '--format', 'json']);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /cosmos-guard: error: could not scan (?:d{200}\/)+: cannot list folder: path too long \(ENAMETOOLONG\)/);
    const report = JSON.parse(run.stdout) as { findings: { file: string }[]; stats: { unreadable: unknown[] } };
    assert.deepEqual(report.findings.map((f) => f.file), ['ok.env'], 'the report still holds what was found');
    assert.equal(report.stats.unreadable.length, 1);
  });

  it('scans every file on one thread too (a one-CPU machine, or parallel: false), small trees and large', async () => {
    for (const count of [3, 450]) {
      const dir = keep(makeTree(Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}.env`, i % 150 === 0 ? `K=${connectionString(400 + i).text}\n` : 'x=1\n']))));
      const outcome = await runScan({
        roots: [{ absPath: dir, relPath: '', isDirectory: true }], maxFileSize: 1 << 20, parallel: false,
        walk: { gitignore: true, exclude: () => false, ignoreCase: false },
      });
      assert.deepEqual(outcome.errors, []);
      assert.equal(outcome.stats.filesScanned, count, `${count} files`);
      assert.equal(outcome.findings.length, Math.ceil(count / 150), `${count} files`);
    }
  });

  it('adopts the helper thread started at launch for a large scan, ends it for a small one, and starts none for other commands', async () => {
    const script = path.resolve(__dirname, '../../../../dist/cli-scan-worker.js');
    assert.ok(fs.existsSync(script), 'npm run build made dist/cli-scan-worker.js');
    for (const argv of [['posture'], ['scan', '--git'], ['scan', '--staged'], ['scan', '--help']]) {
      assert.equal(startEarlyHelper(argv, script), undefined, argv.join(' '));
      assert.equal(adoptEarlyHelper(), undefined, argv.join(' '));
    }
    const walk = { gitignore: true, exclude: () => false, ignoreCase: false };
    for (const count of [450, 3]) {
      const dir = keep(makeTree(Object.fromEntries(Array.from({ length: count }, (_, i) => [`f${i}.env`, i % 150 === 0 ? `K=${connectionString(500 + i).text}\n` : 'x=1\n']))));
      const helper = startEarlyHelper(['scan', dir], script);
      if (os.availableParallelism() < 2) {
        assert.equal(helper, undefined, 'one CPU: no helper');
        return;
      }
      assert.ok(helper, 'started for a scan of the working tree');
      const exited = new Promise<void>((resolve) => helper.worker.once('exit', () => resolve()));
      const outcome = await runScan({ roots: [{ absPath: dir, relPath: '', isDirectory: true }], maxFileSize: 1 << 20, walk });
      await exited; // posted its result and ended (450 files), or was ended unused (3 files)
      assert.deepEqual(outcome.errors, []);
      assert.equal(outcome.stats.filesScanned, count);
      assert.equal(outcome.findings.length, Math.ceil(count / 150));
    }
  });

  it('says a file listed by the walk and gone when read was deleted while scanning; the other files are still scanned', () => {
    const dir = keep(makeTree({ 'gone.env': 'x=1\n', 'kept.env': `K=${connectionString(600).text}\n` }));
    const listed = ['gone.env', 'kept.env'].map((relPath) => ({ absPath: path.join(dir, relPath), relPath }));
    fs.rmSync(listed[0]!.absPath);
    const batch = scanFileBatch(listed, 1 << 20, new Int32Array(1));
    assert.deepEqual(batch.unreadable, [{ file: 'gone.env', reason: 'deleted while scanning (ENOENT)' }]);
    assert.equal(batch.filesScanned, 1);
    assert.equal(batch.findings.length, 1);
  });

  it('reports a failed scan worker as an error, and still scans every file', async () => {
    const dir = keep(makeTree(Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`f${i}.env`, i % 150 === 0 ? `K=${connectionString(300 + i).text}\n` : 'x=1\n']))));
    const crash = path.join(keep(makeTree({ 'crash.js': 'throw new Error("worker crashed on purpose");\n' })), 'crash.js');
    const outcome = await runScan({
      roots: [{ absPath: dir, relPath: '', isDirectory: true }], maxFileSize: 1 << 20, parallel: true, workerScript: crash,
      walk: { gitignore: true, exclude: () => false, ignoreCase: false },
    });
    assert.equal(outcome.errors.length, 1);
    assert.match(outcome.errors[0]!, /the scan worker failed \(worker crashed on purpose\)/);
    assert.equal(outcome.stats.filesScanned, 450);
    assert.equal(outcome.findings.length, 3);
  });
});
