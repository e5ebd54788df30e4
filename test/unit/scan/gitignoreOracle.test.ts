// IgnoreScope against git itself: random ignore files and trees, each path asked of `git check-ignore --no-index`
// and of our matcher. Git is the reference for what a .gitignore means; this is where a difference shows first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IgnoreScope } from '../../../src/core/scan';
import { seededRandom } from '../../support/keyFactory';

const gitVersion = spawnSync('git', ['--version'], { encoding: 'utf8' });
const hasGit = gitVersion.status === 0;

const NAMES = ['a', 'b', 'ab', 'ba', 'aab', 'a.b', '.a', 'b.log', 'x', 'A', 'aB', 'a b', 'a-b', '[a]', 'a*b'];
const PIECES = ['a', 'b', 'ab', '.', '*', '*', '?', '**', '[ab]', '[!a]', '[a-b]', '[[:alpha:]]', '\\*', 'log', 'A', '[]a]', '-'];

type Entry = { path: string; isDirectory: boolean };

function randomTree(rnd: () => number): Entry[] {
  const entries = new Map<string, boolean>();
  const add = (dir: string, depth: number): void => {
    const count = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < count; i++) {
      const name = NAMES[Math.floor(rnd() * NAMES.length)]!;
      const p = dir ? `${dir}/${name}` : name;
      if (entries.has(p)) continue;
      const isDirectory = depth < 3 && rnd() < 0.45;
      entries.set(p, isDirectory);
      if (isDirectory) add(p, depth + 1);
    }
  };
  add('', 0);
  return [...entries].map(([p, isDirectory]) => ({ path: p, isDirectory }));
}

function randomPattern(rnd: () => number): string {
  const segments = 1 + Math.floor(rnd() * 3);
  const parts: string[] = [];
  for (let s = 0; s < segments; s++) {
    let seg = '';
    const pieces = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < pieces; i++) seg += PIECES[Math.floor(rnd() * PIECES.length)];
    parts.push(seg);
  }
  let pattern = parts.join('/');
  if (rnd() < 0.2) pattern = `/${pattern}`;
  if (rnd() < 0.2) pattern = `${pattern}/`;
  if (rnd() < 0.2) pattern = `!${pattern}`;
  if (rnd() < 0.05) pattern = `${pattern}  `;
  return pattern;
}

const randomRules = (rnd: () => number): string => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => randomPattern(rnd)).join('\n') + '\n';

/** git's verdict for each path: `check-ignore -v -n` prints the deciding pattern (a `!pattern` re-includes). */
function gitVerdicts(repo: string, paths: readonly string[], ignoreCase: boolean): boolean[] {
  const r = spawnSync('git', ['-c', `core.ignorecase=${ignoreCase}`, '-c', `core.excludesFile=${path.join(repo, 'no-such-file')}`,
    'check-ignore', '--no-index', '-v', '-n', '-z', '--stdin'], {
    cwd: repo, input: paths.join('\0') + '\0', encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const fields = r.stdout.split('\0');
  return paths.map((_, i) => {
    const pattern = fields[i * 4 + 2]!;
    return pattern !== '' && !pattern.startsWith('!');
  });
}

describe('IgnoreScope agrees with git check-ignore', function () {
  before(function () {
    if (!hasGit) this.skip(); // git is the oracle; without it there is nothing to compare with
  });

  for (const ignoreCase of [false, true]) {
    it(`on 60 random repositories${ignoreCase ? ' with core.ignorecase' : ''}`, () => {
      const rnd = seededRandom(ignoreCase ? 4242 : 2024);
      const differences: string[] = [];
      const verdicts = { ignored: 0, kept: 0 };
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cosmos-guard-gitignore-'));
      try {
        const r = spawnSync('git', ['init', '-q', repo], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        for (let round = 0; round < 60; round++) {
          for (const name of fs.readdirSync(repo)) if (name !== '.git') fs.rmSync(path.join(repo, name), { recursive: true, force: true });
          const tree = randomTree(rnd);
          for (const e of tree) {
            if (e.isDirectory) fs.mkdirSync(path.join(repo, e.path), { recursive: true });
            else fs.writeFileSync(path.join(repo, e.path), '');
          }
          const files: Record<string, string> = { '.gitignore': randomRules(rnd), '.git/info/exclude': randomRules(rnd) };
          let scope = IgnoreScope.empty({ ignoreCase }).withRules('', files['.git/info/exclude']!).withRules('', files['.gitignore']!);
          const nested = tree.find((e) => e.isDirectory);
          if (nested) {
            files[`${nested.path}/.gitignore`] = randomRules(rnd);
            scope = scope.withRules(nested.path, files[`${nested.path}/.gitignore`]!);
          }
          for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(repo, name), text);
          const git = gitVerdicts(repo, tree.map((e) => e.path), ignoreCase);
          tree.forEach((e, i) => {
            const ours = scope.isIgnored(e.path, e.isDirectory);
            verdicts[git[i] ? 'ignored' : 'kept']++;
            if (ours !== git[i]) differences.push(`${e.path}${e.isDirectory ? '/' : ''}: git ${git[i]}, ours ${ours} with ${JSON.stringify(files)}`);
          });
        }
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
      // Both verdicts must be common, or the comparison proves little.
      assert.ok(verdicts.ignored > 100 && verdicts.kept > 100, JSON.stringify(verdicts));
      assert.deepEqual(differences.slice(0, 5), []);
    });
  }
});
