// The one home of "which repository, which ignore files": over an in-memory file system (the adapters for Node and
// VS Code only read), and over a real git worktree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NODE_FOLDER_ACCESS } from '../../../src/shared/nodeFolderAccess';
import {
  entriesBelow, gitRulesAt, ignoreFilesUpward, locateFolder, MAX_PARENT_LEVELS, readTrackedPaths, type FolderAccess,
} from '../../../src/core/git';

/** Absolute POSIX paths → file text; folders are implied by the files below them (or listed with a trailing /). */
function memoryFs(files: Readonly<Record<string, string>>): FolderAccess<string> & { reads: string[] } {
  const dirs = new Set<string>(['/']);
  for (const p of Object.keys(files)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/') || '/');
    if (p.endsWith('/')) dirs.add(p.slice(0, -1));
  }
  const reads: string[] = [];
  return {
    reads,
    parent: (p) => (p === '/' ? undefined : p.slice(0, p.lastIndexOf('/')) || '/'),
    name: (p) => p.slice(p.lastIndexOf('/') + 1),
    child: (d, ...names) => [d === '/' ? '' : d, ...names].join('/'),
    resolve: (base, p) => (p.startsWith('/') ? p : path.posix.join(base, p)),
    kind: (p) => Promise.resolve(dirs.has(p) ? 'directory' : files[p] !== undefined ? 'file' : undefined),
    read: (p, max) => {
      reads.push(p);
      const text = files[p];
      if (text === undefined) return Promise.resolve(undefined);
      const bytes = new TextEncoder().encode(text);
      return Promise.resolve(bytes.length > max ? 'tooLarge' : bytes);
    },
  };
}

describe('repository place and ignore-file chain', () => {
  it('finds the repository root above a folder, and the folders up to it', async () => {
    const fsm = memoryFs({ '/w/repo/.git/': '', '/w/repo/a/b/x.txt': '' });
    const place = await locateFolder('/w/repo/a/b', fsm);
    assert.equal(place.repository?.root, '/w/repo');
    assert.equal(place.repository?.gitDir, '/w/repo/.git');
    assert.equal(place.prefix, 'a/b');
    assert.deepEqual(place.upward.map((s) => [s.dir, s.below]), [['/w/repo/a/b', ''], ['/w/repo/a', 'b'], ['/w/repo', 'a/b']]);
  });

  it('outside a repository, the chain is the folder alone', async () => {
    const place = await locateFolder('/w/plain/sub', memoryFs({ '/w/plain/sub/x': '', '/w/plain/.cosmosguardignore': 'x' }));
    assert.equal(place.repository, undefined);
    assert.deepEqual(place.upward.map((s) => s.dir), ['/w/plain/sub']);
    assert.deepEqual(await ignoreFilesUpward(place, memoryFs({ '/w/plain/.cosmosguardignore': 'x' }), '.cosmosguardignore'), []);
  });

  it('follows a .git file to a worktree\'s git directory and its common directory', async () => {
    const fsm = memoryFs({
      '/w/main/.git/info/exclude': 'secret.txt\n', '/w/main/.git/worktrees/wt/commondir': '../..\n', '/w/main/.git/worktrees/wt/HEAD': '',
      '/w/wt/.git': 'gitdir: /w/main/.git/worktrees/wt\n', '/w/wt/src/a': '',
    });
    const place = await locateFolder('/w/wt/src', fsm);
    assert.equal(place.repository?.gitDir, '/w/main/.git/worktrees/wt');
    assert.equal(place.repository?.commonDir, '/w/main/.git');
    const scope = await gitRulesAt(place, fsm);
    assert.ok(scope.isIgnored('src/secret.txt', false), 'info/exclude comes from the common directory');
    const relative = await locateFolder('/w/wt2', memoryFs({ '/w/wt2/.git': 'gitdir: ../main/.git/worktrees/x', '/w/main/.git/worktrees/x/HEAD': '' }));
    assert.equal(relative.repository?.gitDir, '/w/main/.git/worktrees/x');
    const broken = await locateFolder('/w/bad', memoryFs({ '/w/bad/.git': 'not a gitdir line' }));
    assert.equal(broken.repository?.root, '/w/bad');
    assert.equal(broken.repository?.gitDir, undefined);
    assert.equal((await readTrackedPaths(broken, memoryFs({}))).tracked.size, 0);
  });

  it('applies info/exclude and the .gitignore files above the folder, relative to their own folders', async () => {
    const fsm = memoryFs({
      '/r/.git/info/exclude': '*.tmp\n', '/r/.gitignore': 'a/b/gen/\n/top.txt\n', '/r/a/.gitignore': 'local.*\n!local.keep\n', '/r/a/b/.gitignore': 'own-is-read-by-the-walker\n',
      '/r/a/b/x': '',
    });
    const scope = await gitRulesAt(await locateFolder('/r/a/b', fsm), fsm);
    assert.ok(scope.isIgnored('a/b/gen', true));
    assert.ok(scope.isIgnored('a/b/local.env', false));
    assert.ok(!scope.isIgnored('a/b/local.keep', false));
    assert.ok(scope.isIgnored('a/b/z.tmp', false));
    assert.ok(!scope.isIgnored('a/b/top.txt', false), 'anchored to the root\'s folder');
    assert.ok(!scope.isIgnored('a/b/own-is-read-by-the-walker', false));
    assert.ok(!fsm.reads.includes('/r/a/b/.gitignore'));
    // A folder git ignores was still chosen for scanning: nothing from above applies inside it.
    const ignored = await gitRulesAt(await locateFolder('/r/a/b/gen', memoryFs({ '/r/.git/': '', '/r/.gitignore': 'a/b/gen/\n*.tmp\n', '/r/a/b/gen/x': '' })),
      memoryFs({ '/r/.gitignore': 'a/b/gen/\n*.tmp\n' }));
    assert.ok(!ignored.isIgnored('a/b/gen/z.tmp', false));
  });

  it('lists .cosmosguardignore files from the folder up to the root, and rebases their entries', async () => {
    const fsm = memoryFs({ '/up/.cosmosguardignore': 'above the root', '/up/r/.git/': '', '/up/r/.cosmosguardignore': 'root', '/up/r/a/.cosmosguardignore': 'mid', '/up/r/a/b/x': '' });
    const found = await ignoreFilesUpward(await locateFolder('/up/r/a/b', fsm), fsm, '.cosmosguardignore');
    assert.deepEqual(found.map((f) => [f.text, f.levelsUp, f.below]), [['mid', 1, 'b'], ['root', 2, 'a/b']]);
    const entries = [{ path: 'a/b/c.json' }, { path: 'a/bc.json' }, { path: 'other.json' }];
    assert.deepEqual(entriesBelow(entries, 'a/b'), [{ path: 'c.json' }]);
    assert.deepEqual(entriesBelow(entries, ''), entries);
  });

  it('stops looking for a root after a bounded number of levels', async () => {
    const deep = `/${Array.from({ length: MAX_PARENT_LEVELS + 5 }, (_, i) => `d${i}`).join('/')}`;
    const fsm = memoryFs({ '/.git/': '', [`${deep}/x`]: '' });
    const place = await locateFolder(deep, fsm);
    assert.equal(place.repository, undefined);
    assert.deepEqual(place.upward.map((s) => s.dir), [deep]);
  });

  it('reads the tracked paths of a real worktree (a .git file) through the Node adapter', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-wt-'));
    try {
      const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' };
      const run = (cwd: string, ...args: string[]): void => {
        const r = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      };
      const main = path.join(dir, 'main');
      fs.mkdirSync(main);
      run(main, 'init', '-q', '-b', 'main');
      fs.writeFileSync(path.join(main, 'tracked.txt'), 't');
      run(main, 'add', '-A');
      run(main, 'commit', '-q', '-m', 'x');
      run(main, 'worktree', 'add', '-q', path.join(dir, 'wt'), '-b', 'wt');
      const place = await locateFolder(path.join(dir, 'wt'), NODE_FOLDER_ACCESS);
      assert.equal(place.repository?.commonDir, path.join(main, '.git'));
      const read = await readTrackedPaths(place, NODE_FOLDER_ACCESS);
      assert.equal(read.problem, undefined);
      assert.ok(read.tracked.hasFile('tracked.txt'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
