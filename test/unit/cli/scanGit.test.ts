// `cosmos-guard scan --git`, `--staged` and `--baseline` on real repositories made at test time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, connectionString, makeTree, runCli, validateSarif } from './cliHarness';
import { commit, git, makeRepo } from './gitRepo';

interface JsonFinding { file: string; line: number; fingerprint: string; commit?: string; authorDate?: string; baselineState?: string }
interface Report { findings: JsonFinding[]; stats: { filesScanned: number; commits?: number; skipped: Record<string, number>; unreadable: unknown[] } }

function scanIn(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string; report: Report } {
  const run = runCli(['scan', ...args, '--format', 'json'], dir);
  if (run.status !== 0 && run.status !== 1) throw new Error(`scan failed (${run.status}): ${run.stderr}`);
  return { ...run, report: JSON.parse(run.stdout) as Report };
}

describe('cosmos-guard scan --git / --staged / --baseline', () => {
  const dirs: string[] = [];
  const repo = (): string => {
    const dir = makeRepo();
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  describe('--git', () => {
    it('finds a key removed from the working tree in history, once, with the commit that added it and its author date', () => {
      const dir = repo();
      const a = connectionString(401).text;
      commit(dir, { 'README.md': '# app\n' }, 'start', '2024-01-02T09:00:00+01:00');
      const added = commit(dir, { 'src/config.js': `const conn = "${a}";\n` }, 'add config', '2024-02-03T10:30:00+01:00');
      commit(dir, { 'src/config.js': `// moved down\n\nconst conn = "${a}";\nconst port = 1;\n` }, 'edit', '2024-02-04T10:00:00+01:00');
      commit(dir, { 'src/config.js': 'const conn = process.env.CONN;\n' }, 'fix', '2024-02-05T10:00:00+01:00');
      assert.equal(runCli(['scan', '.'], dir).status, 0, 'the working tree is clean');
      const { status, report, stderr } = scanIn(dir, ['--git']);
      assert.equal(status, 1);
      assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.commit, f.authorDate]), [['src/config.js', 1, added, '2024-02-03T10:30:00+01:00']],
        'the secret staying in the file through a later edit is reported once, where it came in');
      assert.equal(report.stats.commits, 4);
      assert.equal(report.stats.filesScanned, 4, 'README.md and three versions of config.js: each blob once');
      assert.match(stderr, /1 finding in 1 file; scanned 4 blobs from 4 commits/);
      const text = runCli(['scan', '--git'], dir);
      const { column, message } = report.findings[0] as unknown as { column: number; message: string };
      assert.equal(text.stdout, `src/config.js:1:${column}: error cosmos-sql-connection-string ${message} (commit ${added}, 2024-02-03T10:30:00+01:00)\n`);
    });

    it('takes a revision range, and reads a blob shared by several paths and commits once', () => {
      const dir = repo();
      const a = connectionString(402).text, b = connectionString(403).text;
      commit(dir, { 'one.env': `A=${a}\n` }, 'one');
      const base = git(dir, ['rev-parse', 'HEAD']).trim();
      const second = commit(dir, { 'copy.env': `A=${a}\n`, 'two.env': `B=${b}\n` }, 'two');
      const all = scanIn(dir, ['--git']).report;
      assert.deepEqual(all.findings.map((f) => f.file), ['one.env', 'two.env'], 'copy.env holds the very blob of one.env: read once');
      const range = scanIn(dir, ['--git', `${base}..HEAD`]).report;
      assert.deepEqual(range.findings.map((f) => [f.file, f.commit]), [['copy.env', second], ['two.env', second]], 'outside the range, one.env was not seen');
      assert.equal(scanIn(dir, ['--git', 'HEAD~1..HEAD~1']).status, 0);
    });

    it('counts what a merge itself introduced, not what it merged', () => {
      const dir = repo();
      commit(dir, { 'base.txt': 'x\n' }, 'base');
      git(dir, ['checkout', '-q', '-b', 'side']);
      const sideCommit = commit(dir, { 'side.env': `S=${connectionString(404).text}\n` }, 'side');
      git(dir, ['checkout', '-q', 'main']);
      commit(dir, { 'main.txt': 'y\n' }, 'main');
      git(dir, ['merge', '-q', '--no-commit', 'side']);
      fs.writeFileSync(path.join(dir, 'evil.env'), `E=${connectionString(405).text}\n`);
      git(dir, ['add', 'evil.env']);
      git(dir, ['commit', '-q', '-m', 'merge side'], { GIT_AUTHOR_DATE: '2024-05-05T05:05:05+00:00', GIT_COMMITTER_DATE: '2024-05-05T05:05:05+00:00' });
      const merge = git(dir, ['rev-parse', 'HEAD']).trim();
      const { report } = scanIn(dir, ['--git']);
      assert.deepEqual(report.findings.map((f) => [f.file, f.commit]), [['evil.env', merge], ['side.env', sideCommit]]);
    });

    it('skips big, binary and --exclude\'d blobs as the tree scan does, and honours the root .cosmosguardignore and inline suppressions', () => {
      const dir = repo();
      const big = `K=${connectionString(406).text}\n${'x'.repeat(2048)}\n`;
      commit(dir, {
        'big.env': big, 'bin.dat': `\u0000\u0001\u0002\u0003\u0004\u0005${connectionString(407).text}`, 'vendor/lib.env': `K=${connectionString(408).text}\n`,
        'ok.js': `// cosmos-guard-ignore cosmos-sql-connection-string reason=test account\nconst c = "${connectionString(409).text}";\n`,
      }, 'mixed');
      const { status, report } = scanIn(dir, ['--git', '--max-file-size', '1k', '--exclude', 'vendor/']);
      assert.equal(status, 0, 'the suppressed finding does not count');
      assert.deepEqual(report.findings, []);
      assert.equal(report.stats.skipped.tooLarge, 1);
      assert.equal(report.stats.skipped.binary, 1);
      assert.equal(report.stats.skipped.ignored, 1);
      assert.equal((report as unknown as { suppressed: unknown[] }).suppressed.length, 1);
    });

    it('writes SARIF the validator accepts, with the commit and author date in each result\'s properties', () => {
      const dir = repo();
      const id = commit(dir, { 'a.env': `A=${connectionString(410).text}\n` }, 'a', '2023-12-31T23:59:59-08:00');
      const out = path.join(dir, '..', `${path.basename(dir)}.sarif`);
      dirs.push(out);
      assert.equal(runCli(['scan', '--git', '-f', 'sarif', '-o', out], dir).status, 1);
      const validation = validateSarif(out);
      assert.equal(validation.status, 0, validation.output);
      assert.deepEqual(validation.problems, []);
      const log = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: { results: { properties?: Record<string, unknown> }[] }[] };
      assert.deepEqual(log.runs[0]!.results[0]!.properties, { commit: id, authorDate: '2023-12-31T23:59:59-08:00' });
    });

    it('scans an empty repository as nothing, and refuses options passed as revisions and bad revisions with exit code 2', () => {
      const dir = repo();
      const empty = runCli(['scan', '--git'], dir);
      assert.equal(empty.status, 0, empty.stderr);
      assert.match(empty.stderr, /no findings; scanned 0 blobs from 0 commits/);
      commit(dir, { 'a.txt': 'a\n' }, 'a');
      const injected = runCli(['scan', '--git', '--', '--output=/tmp/x'], dir);
      assert.equal(injected.status, 2);
      assert.match(injected.stderr, /'--output=\/tmp\/x' is not a revision or range/);
      const bad = runCli(['scan', '--git', 'no-such-branch'], dir);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /cosmos-guard scan: error: git: .*no-such-branch/);
      const notRepo = makeTree({});
      dirs.push(notRepo);
      const outside = runCli(['scan', '--git'], notRepo);
      assert.equal(outside.status, 2);
      assert.match(outside.stderr, /error: git: not a git repository/);
      assert.match(runCli(['scan', '--git', '--staged'], dir).stderr, /--git and --staged cannot be combined/);
      assert.match(runCli(['scan', '--git', '--verify'], dir).stderr, /cannot be combined with --git/);
    });

    it('never lets the repository\'s own configuration run a program (fsmonitor, signature checks, external diff, pager)', () => {
      const dir = repo();
      const marker = path.join(dir, '..', `${path.basename(dir)}-ran`);
      const hook = path.join(dir, '..', `${path.basename(dir)}-hook.sh`);
      dirs.push(marker, hook);
      // Signs like gpg when asked to (so the commit below carries a signature); any other call is a program git ran.
      fs.writeFileSync(hook, `#!/bin/sh\ncase "$*" in *-bsau*) cat >/dev/null; echo '[GNUPG:] SIG_CREATED D 1 8 00 1 X' >&2;
printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'; exit 0;; esac\necho "$*" >> "${marker}"\ncat >/dev/null\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'a.env'), `A=${connectionString(411).text}\n`);
      git(dir, ['add', 'a.env']);
      git(dir, ['-c', `gpg.program=${hook}`, '-c', 'user.signingkey=X', 'commit', '-q', '-S', '-m', 'signed']);
      for (const [key, value] of [['core.fsmonitor', hook], ['log.showSignature', 'true'], ['gpg.program', hook], ['diff.external', hook], ['core.pager', hook]]) {
        git(dir, ['config', key!, value!]);
      }
      fs.writeFileSync(path.join(dir, 'b.env'), `B=${connectionString(412).text}\n`);
      git(dir, ['-c', 'core.fsmonitor=false', 'add', 'b.env']);
      assert.equal(scanIn(dir, ['--git']).report.findings.length, 1);
      assert.equal(scanIn(dir, ['--staged']).report.findings.length, 1);
      assert.equal(fs.existsSync(marker), false, `no configured program ran: ${fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''}`);
      // The check can fail: git itself runs them when asked plainly.
      const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' };
      spawnSync('git', ['status'], { cwd: dir, env });
      spawnSync('git', ['log', '-1'], { cwd: dir, env });
      const ran = fs.readFileSync(marker, 'utf8');
      assert.match(ran, /--verify/, 'git log checked the signature with gpg.program');
      assert.ok(ran.split('\n').length > 2, 'git status ran the fsmonitor too');
    });
  });

  describe('--staged', () => {
    it('scans the index\'s version of changed files (what a commit would record), also before the first commit', () => {
      const dir = repo();
      fs.writeFileSync(path.join(dir, 'first.env'), `A=${connectionString(413).text}\n`);
      git(dir, ['add', 'first.env']);
      let run = scanIn(dir, ['--staged']);
      assert.equal(run.status, 1);
      assert.deepEqual(run.report.findings.map((f) => [f.file, f.commit]), [['first.env', undefined]]);
      commit(dir, {}, 'first');
      assert.equal(scanIn(dir, ['--staged']).status, 0, 'nothing staged: committed files are not rescanned');
      // Staged with a key, then fixed in the working tree only: the commit would still record the key.
      fs.writeFileSync(path.join(dir, 'app.js'), `const c = "${connectionString(414).text}";\n`);
      git(dir, ['add', 'app.js']);
      fs.writeFileSync(path.join(dir, 'app.js'), 'const c = process.env.C;\n');
      fs.writeFileSync(path.join(dir, 'unstaged.env'), `U=${connectionString(415).text}\n`);
      run = scanIn(dir, ['--staged']);
      assert.deepEqual(run.report.findings.map((f) => f.file), ['app.js']);
      git(dir, ['add', 'app.js']);
      assert.equal(scanIn(dir, ['--staged']).status, 0, 'once the fix is staged, the commit is clean');
      assert.match(runCli(['scan', '--staged', 'x'], dir).stderr, /--staged scans the whole index and takes no PATH/);
    });

    it('stops a commit as a plain git pre-commit hook, and lets a clean one through', () => {
      const dir = repo();
      commit(dir, { 'README.md': 'x\n' }, 'start');
      fs.writeFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" scan --staged\n`, { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'leak.env'), `K=${connectionString(416).text}\n`);
      git(dir, ['add', 'leak.env']);
      const refused = spawnSync('git', ['commit', '-m', 'leak'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
      assert.notEqual(refused.status, 0);
      assert.match(refused.stdout + refused.stderr, /leak\.env:1:\d+: error/);
      assert.equal(git(dir, ['rev-list', '--count', 'HEAD']).trim(), '1', 'nothing was committed');
      // `git commit <path>` records only that path (git hands the hook a temporary index): the staged key is not in it.
      fs.writeFileSync(path.join(dir, 'fine.txt'), 'nothing secret\n');
      git(dir, ['add', 'fine.txt']);
      git(dir, ['commit', '-q', '-m', 'fine only', '--', 'fine.txt']);
      assert.equal(git(dir, ['rev-list', '--count', 'HEAD']).trim(), '2');
      assert.equal(git(dir, ['diff', '--cached', '--name-only']).trim(), 'leak.env', 'the key is still staged, not committed');
    });
  });

  describe('--baseline', () => {
    it('fails only on findings whose fingerprint the previous report lacks, and marks SARIF results new or unchanged', () => {
      const dir = makeTree({ 'old.env': `A=${connectionString(417).text}\n` });
      dirs.push(dir);
      const baseline = path.join(dir, '..', `${path.basename(dir)}-baseline.json`);
      dirs.push(baseline);
      fs.writeFileSync(baseline, runCli(['scan', '.', '-f', 'json'], dir).stdout);
      let run = runCli(['scan', '.', '--baseline', baseline], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, '', 'known findings are not listed in the text report');
      assert.match(run.stderr, /no new findings \(1 in the baseline\)/);
      fs.writeFileSync(path.join(dir, 'new.env'), `B=${connectionString(418).text}\n`);
      run = runCli(['scan', '.', '--baseline', baseline], dir);
      assert.equal(run.status, 1);
      assert.match(run.stdout, /^new\.env:1:/);
      assert.match(run.stderr, /1 new finding in 1 file \(1 in the baseline\)/);
      const json = JSON.parse(runCli(['scan', '.', '--baseline', baseline, '-f', 'json'], dir).stdout) as Report;
      assert.deepEqual(json.findings.map((f) => [f.file, f.baselineState]), [['new.env', 'new'], ['old.env', 'unchanged']]);
      const sarif = JSON.parse(runCli(['scan', '.', '--baseline', baseline, '-f', 'sarif'], dir).stdout) as { runs: { results: { baselineState: string }[] }[] };
      assert.deepEqual(sarif.runs[0]!.results.map((r) => r.baselineState), ['new', 'unchanged']);
    });

    it('refuses a baseline that is not a JSON report, with exit code 2', () => {
      const dir = makeTree({ 'bad.json': '{"results": []}', 'text.txt': 'x' });
      dirs.push(dir);
      assert.match(runCli(['scan', '.', '--baseline', 'bad.json'], dir).stderr, /is not a cosmos-guard JSON report/);
      assert.match(runCli(['scan', '.', '--baseline', 'text.txt'], dir).stderr, /is not JSON/);
      const missing = runCli(['scan', '.', '--baseline', 'nope.json'], dir);
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /cannot read 'nope\.json'/);
    });
  });
});
