// The local-folder scan worker's two halves, in plain Node on real files: the walk (the same decisions as the walk
// over vscode.workspace.fs — compared with it in test/host/localScanWorker.test.ts) and the scanning of files from a
// cursor, with batches, stale results cleared, cancellation and a file that vanished.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TrackedPaths } from '../../../src/core/git';
import { compileGlobs, IgnoreScope } from '../../../src/core/scan';
import { FOLDER_SCAN_ROLE, scanFiles, type BatchCounts, type FolderScanJob, type FolderScanMessage } from '../../../src/features/scanner/localFolderScan';
import { localGitRules, walkLocalFolder } from '../../../src/features/scanner/localFolderWalk';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { treesRemovedAfter } from '../cli/cliHarness';

const conn = (seed: number): string => `AccountEndpoint=https://lf${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;


function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

function job(root: string, overrides: Partial<FolderScanJob> = {}): FolderScanJob {
  return {
    role: FOLDER_SCAN_ROLE, root, excludeGlobs: [], respectGitignore: true, maxFileSize: 1024, options: {}, entries: [], today: '2026-12-03',
    known: [], skip: [], cancel: new SharedArrayBuffer(4), parallel: false, ...overrides,
  };
}

function scanAll(j: FolderScanJob, files: readonly string[]): BatchCounts[] {
  const batches: BatchCounts[] = [];
  let i = 0;
  scanFiles(j, files, () => i++, new Uint8Array(files.length), (m: FolderScanMessage) => {
    if (m.kind === 'batch') batches.push(m);
  });
  return batches;
}

describe('local folder scan (worker side)', () => {
  const tree = treesRemovedAfter();

  it('walks as the workspace walk does: globs, .gitignore except tracked files, no .git, linked folders and broken links', async () => {
    const root = tree({
      'a.js': '', '.env': '', '.gitignore': 'ignored/\n*.log\n', 'ignored/x.js': '', 'ignored/kept.js': '', 'debug.log': '',
      'sub/.gitignore': 'local.env\n', 'sub/local.env': '', 'sub/b.js': '', 'gen/out.js': '', '.git/config': '', 'real/c.js': '',
    });
    fs.symlinkSync('real', path.join(root, 'linked'));
    fs.symlinkSync('a.js', path.join(root, 'a-link.js'));
    fs.symlinkSync('nowhere', path.join(root, 'broken.js'));
    const walk = await walkLocalFolder({
      root, excluded: compileGlobs(['gen/**']), stopped: () => false,
      git: { rootScope: IgnoreScope.empty(), tracked: new TrackedPaths(['ignored/kept.js']), repoPrefix: '' },
    });
    assert.deepEqual([...walk.files].sort(), ['.env', '.gitignore', 'a-link.js', 'a.js', 'ignored/kept.js', 'real/c.js', 'sub/.gitignore', 'sub/b.js']);
    assert.equal(walk.folderLinks, 1);
    assert.deepEqual(walk.unreadable, [{ file: 'broken.js', reason: 'broken symbolic link' }]);
    // debug.log, gen/out.js, ignored/x.js, sub/local.env (the folder `ignored` is entered for its tracked file)
    assert.equal(walk.excluded, 4);

    const noGit = await walkLocalFolder({ root, excluded: () => false, stopped: () => false, git: undefined });
    assert.ok(noGit.files.includes('debug.log') && noGit.files.includes('sub/local.env') && !noGit.files.some((f) => f.startsWith('.git/')));
  });

  it('lets a repository nested in the folder decide inside it: its own index and rules, none of the outer ones', async () => {
    const root = tree({
      '.gitignore': '*.env\nskipped-clone/\n', 'app.js': '', 'local.env': '',
      'sub/.gitignore': 'secret.env\nbuild/\n', 'sub/secret.env': '', 'sub/other.env': '', 'sub/build/kept.js': '', 'sub/build/tmp.js': '',
      'sub/deep/.gitignore': '*.js\n', 'sub/deep/x.js': '',
      'skipped-clone/a.js': '',
    });
    git(root, 'init', '-q');
    git(path.join(root, 'sub'), 'init', '-q');
    git(path.join(root, 'sub'), 'add', '-f', 'secret.env', 'build/kept.js');
    git(path.join(root, 'skipped-clone'), 'init', '-q');
    const walk = await walkLocalFolder({
      root, excluded: () => false, stopped: () => false, git: await localGitRules(root), nested: (rel) => localGitRules(path.join(root, rel)),
    });
    // sub/secret.env and sub/build/kept.js: tracked by the nested repository although its .gitignore matches them;
    // sub/other.env: the outer `*.env` does not reach into another repository. Untracked ignored files stay out, and
    // a clone the outer repository ignores is not entered.
    assert.deepEqual([...walk.files].sort(), ['.gitignore', 'app.js', 'sub/.gitignore', 'sub/build/kept.js', 'sub/deep/.gitignore', 'sub/other.env', 'sub/secret.env']);
    assert.deepEqual(walk.gitProblems, []);

    // The nested index unreadable: reported, and .gitignore then applies to its tracked files too.
    fs.writeFileSync(path.join(root, 'sub', '.git', 'index'), 'not an index');
    const broken = await walkLocalFolder({
      root, excluded: () => false, stopped: () => false, git: await localGitRules(root), nested: (rel) => localGitRules(path.join(root, rel)),
    });
    assert.ok(!broken.files.includes('sub/secret.env'));
    assert.equal(broken.gitProblems.length, 1);
    assert.match(broken.gitProblems[0]!, /^sub\/: the git index could not be read/);
  });

  it('scans what the cursor hands out: findings, binary and too-large files, vanished files, stale results cleared', () => {
    const root = tree({ 'leak.js': `x("${conn(1)}")\n`, 'clean.js': 'x()\n', 'big.txt': `${'x'.repeat(2000)}\n`, 'was-leaky.js': 'y()\n' });
    fs.writeFileSync(path.join(root, 'image.bin'), Buffer.from([0x89, 0x50, 0, 1, 2, 3, 0, 0, 4, 5, 6, 7]));
    const files = ['leak.js', 'clean.js', 'big.txt', 'was-leaky.js', 'image.bin', 'gone.js'];
    const batches = scanAll(job(root, { known: ['was-leaky.js', 'gone.js', 'leak.js'] }), files);
    const sum = (k: 'files' | 'scanned' | 'binary' | 'tooLarge' | 'deleted'): number => batches.reduce((n, b) => n + b[k], 0);
    assert.deepEqual([sum('files'), sum('scanned'), sum('binary'), sum('tooLarge'), sum('deleted')], [6, 3, 1, 1, 1]);
    const results = batches.flatMap((b) => b.results);
    assert.deepEqual(results.map((r) => [r.relativePath, r.findings.map((f) => f.rule)]), [['leak.js', ['cosmos-sql-connection-string']]]);
    assert.deepEqual(batches.flatMap((b) => b.cleared).sort(), ['gone.js', 'was-leaky.js']);
  });

  it('stops taking files once the scan is cancelled', () => {
    const root = tree({ 'a.js': '', 'b.js': '' });
    const j = job(root);
    Atomics.store(new Int32Array(j.cancel), 0, 1);
    const batches = scanAll(j, ['a.js', 'b.js']);
    assert.equal(batches.reduce((n, b) => n + b.files, 0), 0);
  });
});
