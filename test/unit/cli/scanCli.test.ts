// End-to-end tests of `cosmos-guard scan`: the built dist/cli.js on real temporary trees.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { identifiableKey, seededRandom } from '../../support/keyFactory';
import { connectionString, files, makeTree, removeTree, ROOT, runCli, scanJson, validateSarif } from './cliHarness';

const FINDING_FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'kind', 'severity', 'message', 'fingerprint'];

describe('cosmos-guard scan (CLI)', () => {
  const trees: string[] = [];
  const tree = (content: Readonly<Record<string, string | Uint8Array>>): string => {
    const dir = makeTree(content);
    trees.push(dir);
    return dir;
  };
  after(() => trees.forEach(removeTree));

  describe('walking', () => {
    it('honours .gitignore by default and scans ignored files with --no-gitignore', () => {
      const a = connectionString(1), b = connectionString(2);
      const dir = tree({ '.gitignore': 'build/\n*.log\n', 'src/app.js': `const c = "${a.text}";\n`, 'build/out.js': `x("${b.text}")\n`, 'debug.log': `${b.text}\n` });
      const { run, report } = scanJson(dir);
      assert.equal(run.status, 1);
      assert.deepEqual(files(report), ['src/app.js']);
      assert.equal(report.stats.skipped.ignored, 2);
      const all = scanJson(dir, ['--no-gitignore']).report;
      assert.deepEqual(files(all), ['build/out.js', 'debug.log', 'src/app.js']);
      assert.equal(all.stats.skipped.ignored, 0);
    });

    it('applies nested .gitignore files relative to their folder, with negation', () => {
      const s = connectionString(3).text;
      const dir = tree({
        '.gitignore': '*.secret.js\n',
        'a/.gitignore': 'local.js\n!keep.secret.js\n',
        'a/local.js': `k="${s}"`, 'a/keep.secret.js': `k="${s}"`, 'a/other.secret.js': `k="${s}"`,
        'b/local.js': `k="${s}"`, 'b/x.secret.js': `k="${s}"`,
      });
      assert.deepEqual(files(scanJson(dir).report), ['a/keep.secret.js', 'b/local.js']);
    });

    it('applies .git/info/exclude and .gitignore files above the scanned folder, and never enters .git/', () => {
      const s = connectionString(4).text;
      const dir = tree({
        '.git/info/exclude': 'excluded.env\n', '.git/config': `[remote]\n\turl = ${s}\n`, '.gitignore': 'sub/generated/\n',
        'sub/excluded.env': `K=${s}`, 'sub/generated/g.js': `k="${s}"`, 'sub/real.js': `k="${s}"`,
      });
      assert.deepEqual(files(scanJson(dir).report), ['sub/real.js']);
      assert.deepEqual(files(scanJson(path.join(dir, 'sub')).report), ['real.js']);
      assert.deepEqual(files(scanJson(dir, ['--no-gitignore']).report), ['sub/excluded.env', 'sub/generated/g.js', 'sub/real.js']);
    });

    it('scans a folder named on the command line even when git ignores it, with its own .gitignore rules', () => {
      const s = connectionString(29).text;
      const dir = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'cache/\n*.tmp\n', 'cache/deep/a.env': `A=${s}`, 'cache/b.tmp': `B=${s}`,
        'cache/.gitignore': 'skip.env\n', 'cache/skip.env': `C=${s}` });
      assert.deepEqual(files(scanJson(dir).report), []);
      assert.deepEqual(files(scanJson(path.join(dir, 'cache')).report), ['b.tmp', 'deep/a.env']);
    });

    it('scans hidden files and folders such as .env and .github/workflows', () => {
      const dir = tree({ '.env': `COSMOS=${connectionString(5).text}\n`, '.github/workflows/x.yml': `env:\n  CONN: "${connectionString(6).text}"\n` });
      assert.deepEqual(files(scanJson(dir).report), ['.env', '.github/workflows/x.yml']);
    });

    it('skips --exclude globs by name at any depth or by path', () => {
      const s = connectionString(7).text;
      const dir = tree({ 'a/app.min.js': `k="${s}"`, 'dist/x/y.js': `k="${s}"`, 'src/dist/z.js': `k="${s}"` });
      const { report } = scanJson(dir, ['--exclude', '*.min.js', '--exclude=dist/**']);
      assert.deepEqual(files(report), ['src/dist/z.js']);
      assert.ok((report.stats.skipped.ignored ?? 0) >= 2);
    });

    it('skips binary files and counts them', () => {
      const s = connectionString(8).text;
      const dir = tree({ 'img.bin': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(s)]), 'ok.txt': 'nothing here' });
      const { run, report } = scanJson(dir);
      assert.equal(run.status, 0);
      assert.equal(report.stats.skipped.binary, 1);
      assert.equal(report.stats.filesScanned, 1);
    });

    it('skips files over --max-file-size and counts them', () => {
      const s = connectionString(9).text;
      const dir = tree({ 'big.js': `k="${s}"\n${'/'.repeat(3000)}\n`, 'small.js': 'let a = 1;\n' });
      const capped = scanJson(dir, ['--max-file-size', '2k']);
      assert.equal(capped.run.status, 0);
      assert.equal(capped.report.stats.skipped.tooLarge, 1);
      assert.match(capped.run.stderr, /1 too large/);
      assert.deepEqual(files(scanJson(dir).report), ['big.js']);
    });

    it('follows symbolic links but terminates on link loops, reporting each file once', () => {
      const dir = tree({ 'a/b/secret.js': `k="${connectionString(10).text}"` });
      fs.symlinkSync('..', path.join(dir, 'a', 'b', 'up'));
      fs.symlinkSync('.', path.join(dir, 'a', 'self'));
      fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a', 'b', 'abs-loop'));
      const { run, report } = scanJson(dir);
      assert.equal(run.status, 1);
      assert.deepEqual(files(report), ['a/b/secret.js']);
      assert.equal(report.stats.skipped.alreadyVisited, 3);
    });

    it('never follows a symbolic link out of the scanned folders: reports it and skips it', () => {
      const outside = tree({ 'shared.env': `C=${connectionString(11).text}`, 'other/one.env': `D=${connectionString(111).text}` });
      const dir = tree({ 'readme.md': 'hi', 'inner/real.env': `E=${connectionString(112).text}` });
      fs.symlinkSync(outside, path.join(dir, 'linked'));
      fs.symlinkSync(path.join(outside, 'other', 'one.env'), path.join(dir, 'one.env'));
      fs.symlinkSync(path.join(dir, 'inner', 'real.env'), path.join(dir, 'alias.env'));
      const { run, report } = scanJson(dir);
      assert.deepEqual(files(report), ['inner/real.env'], 'the file behind a link inside the tree is reported once, under its own path');
      assert.equal(report.stats.skipped.symlinks, 3);
      assert.match(run.stderr, /warning: skipped linked: symbolic link to a path outside the scanned folders/);
      assert.match(run.stderr, /warning: skipped one\.env: symbolic link to a path outside the scanned folders/);
      assert.doesNotMatch(run.stderr, /alias\.env/, 'a link to a file inside the tree is not worth a warning');
      assert.deepEqual(files(scanJson(path.join(dir, 'linked')).report), ['other/one.env', 'shared.env'], 'a link named on the command line is followed');
    });

    it('reports broken symbolic links and link loops as skipped, and never reads a FIFO', () => {
      const dir = tree({ 'good.js': `k="${connectionString(12).text}"` });
      fs.symlinkSync(path.join(dir, 'missing-target.js'), path.join(dir, 'dangling.js'));
      fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
      fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
      let fifo = false;
      if (process.platform !== 'win32') {
        fifo = spawnSync('mkfifo', [path.join(dir, 'pipe')]).status === 0;
      }
      const { run, report } = scanJson(dir);
      assert.equal(run.status, 1, 'findings decide the exit code: a broken link is nothing to read');
      assert.deepEqual(files(report), ['good.js']);
      assert.deepEqual(report.stats.unreadable, []);
      assert.equal(report.stats.skipped.symlinks, 3);
      assert.match(run.stderr, /warning: skipped dangling\.js: broken symbolic link: no such file or folder \(ENOENT\)\n/);
      assert.match(run.stderr, /warning: skipped loop-a: broken symbolic link: .*ELOOP/);
      if (fifo) assert.equal(report.stats.skipped.notRegular, 1);
      fs.writeFileSync(path.join(dir, '.gitignore'), 'dangling.js\n');
      const again = scanJson(dir);
      assert.doesNotMatch(again.run.stderr, /dangling/, 'an ignored broken link is not reported');
      assert.equal(again.report.stats.skipped.symlinks, 2);
    });

    it('scans a single file PATH, and several PATHs relative to the folder holding them', () => {
      const dir = tree({ 'x/one.env': `A=${connectionString(13).text}`, 'y/z/two.env': `B=${connectionString(14).text}`, 'y/other.env': `C=${connectionString(15).text}` });
      assert.deepEqual(files(scanJson(path.join(dir, 'x', 'one.env')).report), ['one.env']);
      const run = runCli(['scan', 'x', path.join('y', 'z'), '--format', 'json'], dir);
      assert.deepEqual(files(JSON.parse(run.stdout) as never), ['x/one.env', 'y/z/two.env']);
    });

    it('gives the same results when a large scan is shared with a worker thread', () => {
      const content: Record<string, string | Uint8Array> = {};
      for (let i = 0; i < 600; i++) content[`d${i % 7}/f${i}.js`] = i % 150 === 0 ? `k="${connectionString(100 + i).text}"\n` : `let v${i} = a == b;\n`;
      content['bin/x.dat'] = Buffer.from([1, 0, 2]);
      const { report } = scanJson(tree(content));
      assert.deepEqual(files(report), [0, 150, 300, 450].map((i) => `d${i % 7}/f${i}.js`).sort());
      assert.equal(report.stats.filesScanned, 600);
      assert.equal(report.stats.skipped.binary, 1);
    });

    it('defaults PATH to the current folder', () => {
      const dir = tree({ 'deep/er/f.env': `A=${connectionString(16).text}` });
      const run = runCli(['scan', '--format', 'json'], dir);
      assert.equal(run.status, 1);
      assert.deepEqual(files(JSON.parse(run.stdout) as never), ['deep/er/f.env']);
    });
  });

  describe('decoding', () => {
    it('reads UTF-8 with BOM, UTF-16 LE/BE by BOM, and non-UTF-8 bytes as Latin-1 (counted)', () => {
      const s = connectionString(17);
      const line = `conn = "${s.text}"\n`;
      const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]);
      const utf16be = Buffer.from(utf16le);
      utf16be.swap16();
      const dir = tree({
        'bom.cs': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line)]),
        'le.txt': utf16le, 'be.txt': utf16be,
        'latin1.ini': Buffer.concat([Buffer.from('caf\xe9 = 1\n', 'latin1'), Buffer.from(line)]),
      });
      const { report } = scanJson(dir);
      assert.deepEqual(files(report), ['be.txt', 'bom.cs', 'latin1.ini', 'le.txt']);
      assert.deepEqual(report.stats.encodings, { 'utf-8': 1, 'utf-16le': 1, 'utf-16be': 1, latin1: 1 });
      const col = 'conn = "AccountEndpoint=https://acct17.documents.azure.com:443/;AccountKey='.length + 1;
      for (const f of report.findings) assert.equal(f.column, col, `${f.file as string}: the BOM is not a column`);
      assert.match(runCli(['scan', dir]).stderr, /1 file not UTF-8 \(read as Latin-1\)/);
    });

    it('finds a key in the middle of a large minified single-line file', () => {
      const s = connectionString(18);
      const filler = 'var a=function(b){return b===1?"x":"y"};'.repeat(40000);
      const dir = tree({ 'bundle.min.js': `${filler}var c="${s.text}";${filler}` });
      const { report } = scanJson(dir);
      assert.equal(report.findings.length, 1);
      assert.equal(report.findings[0]!.line, 1);
      assert.equal(report.findings[0]!.column, filler.length + 'var c="AccountEndpoint=https://acct18.documents.azure.com:443/;AccountKey='.length + 1);
    });
  });

  describe('output', () => {
    it('prints JSON with exactly the public finding fields, POSIX relative paths and stats', () => {
      const s = connectionString(19);
      const dir = tree({ 'src/deep/conf.json': `{\n  "Cosmos": "${s.text}"\n}\n`, 'a.bin': Buffer.from([0, 1, 2]) });
      const { report } = scanJson(dir);
      assert.equal(report.findings.length, 1);
      const f = report.findings[0]!;
      assert.deepEqual(Object.keys(f), FINDING_FIELDS);
      assert.equal(f.file, 'src/deep/conf.json');
      assert.deepEqual([f.line, f.endLine, f.rule, f.kind, f.severity], [2, 2, 'cosmos-sql-connection-string', 'sql-connection-string', 'error']);
      assert.equal((f.endColumn as number) - (f.column as number), 88);
      assert.match(f.fingerprint as string, /^[0-9a-f]{32}$/);
      assert.deepEqual(Object.keys(report.stats), ['filesScanned', 'bytesScanned', 'encodings', 'skipped', 'unreadable', 'durationMs']);
      assert.equal(report.stats.filesScanned, 1);
      assert.equal(report.stats.bytesScanned, fs.statSync(path.join(dir, 'src', 'deep', 'conf.json')).size);
      assert.equal(report.stats.skipped.binary, 1);
      assert.equal(typeof report.stats.durationMs, 'number');
    });

    it('prints one text line per finding (file:line:col: severity rule message) and a summary on stderr', () => {
      const dir = tree({ 'b.env': `\nX=${connectionString(20).text}\n`, 'a.env': `Y=${connectionString(21).text}\n` });
      const run = runCli(['scan', dir]);
      assert.equal(run.status, 1);
      const lines = run.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^a\.env:1:\d+: error cosmos-sql-connection-string Cosmos DB connection string .+$/);
      assert.match(lines[1]!, /^b\.env:2:\d+: error cosmos-sql-connection-string /);
      assert.match(run.stderr, /^cosmos-guard: 2 findings in 2 files; scanned 2 files \(.+\) in \d+\.\d\d s\n$/);
    });

    it('writes the report to --output and nothing to stdout', () => {
      const dir = tree({ 'a.env': `Y=${connectionString(22).text}\n` });
      const out = path.join(tree({}), 'report.json');
      const run = runCli(['scan', dir, '-f', 'json', '-o', out]);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.equal((JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length, 1);
    });

    it('never prints the secret (or its first 20 characters) in any format', () => {
      const legacy = connectionString(23);
      const ident = identifiableKey(seededRandom(24));
      const dir = tree({ 'a.env': `Y=${legacy.text}\n`, 'b.ts': `const key = "${ident}";\n` });
      for (const format of ['text', 'json', 'sarif']) {
        const run = runCli(['scan', dir, '--format', format]);
        assert.equal(run.status, 1);
        for (const secret of [legacy.key, ident]) {
          for (const needle of [secret, secret.slice(0, 20), secret.slice(0, -4)]) {
            assert.ok(!run.stdout.includes(needle) && !run.stderr.includes(needle), `${format} output leaks ${needle.slice(0, 6)}…`);
          }
        }
      }
    });

    it('writes SARIF 2.1.0 that the official validator accepts, identical across runs', () => {
      const dir = tree({
        '.env': `Y=${connectionString(25).text}\n`, 'dir with space/#odd%.ts': `const key = "${identifiableKey(seededRandom(26))}";\n`,
      });
      fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'broken.js'));
      const out = path.join(tree({}), 'scan.sarif');
      assert.equal(runCli(['scan', dir, '--format', 'sarif', '--output', out]).status, 1);
      const first = fs.readFileSync(out, 'utf8');
      const validation = validateSarif(out);
      assert.equal(validation.status, 0, validation.output);
      assert.deepEqual(validation.problems, []);
      const log = JSON.parse(first) as { version: string; runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } };
        results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
          partialFingerprints: Record<string, string> }[]; invocations: { toolExecutionNotifications?: unknown[] }[] }[] };
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0]!;
      assert.equal(run.tool.driver.name, 'Cosmos Guard');
      assert.equal(run.tool.driver.version, pkg.version);
      assert.deepEqual(run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri), ['.env', 'dir%20with%20space/%23odd%25.ts']);
      for (const r of run.results) {
        assert.equal(run.tool.driver.rules[r.ruleIndex]!.id, r.ruleId);
        assert.equal(r.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.match(Object.values(r.partialFingerprints)[0]!, /^[0-9a-f]{32}$/);
      }
      assert.equal(run.invocations[0]!.toolExecutionNotifications?.length, 1, 'the skipped broken link is a tool notification');
      assert.equal(runCli(['scan', dir, '--format', 'sarif']).stdout, first, 'two runs give byte-identical SARIF');
    });

    it('the validator check can fail: a broken SARIF file is rejected', () => {
      const bad = path.join(tree({}), 'bad.sarif');
      fs.writeFileSync(bad, JSON.stringify({ version: '9', runs: 'x' }));
      assert.notDeepEqual(validateSarif(bad).problems, []);
    });
  });

  describe('exit codes and usage', () => {
    it('exits 0 without findings and 1 with findings', () => {
      assert.equal(runCli(['scan', tree({ 'a.js': 'let x = a == b;\n' })]).status, 0);
      assert.equal(runCli(['scan', tree({ 'a.env': connectionString(27).text })]).status, 1);
    });

    const usageCases: [string, string[], RegExp][] = [
      ['an unknown option', ['scan', '--formt', 'json'], /unknown option --formt \(did you mean --format\?\)/],
      ['a bad --format', ['scan', '--format', 'xml'], /--format must be one of text, json, sarif \(got 'xml'\)/],
      ['a missing option value', ['scan', '--format'], /option --format needs a value/],
      ['a bad --max-file-size', ['scan', '--max-file-size', '-5'], /option --max-file-size needs a value/],
      ['a non-numeric --max-file-size', ['scan', '--max-file-size', 'lots'], /--max-file-size needs a positive number of bytes .*got 'lots'/],
      ['a missing PATH', ['scan', 'no/such/dir'], /cannot scan 'no\/such\/dir': no such file or folder \(ENOENT\)\n/],
      ['an unknown subcommand', ['scna'], /unknown command 'scna' \(did you mean scan\?\)/],
      ['no subcommand', [], /Usage: cosmos-guard <command>/],
      ['a repeated option', ['scan', '-f', 'json', '-f', 'text'], /option -f was given more than once/],
    ];
    for (const [what, args, message] of usageCases) {
      it(`exits 2 with a clear message on ${what}`, () => {
        const run = runCli(args, tree({}));
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
      });
    }

    it('exits 2 when --output cannot be written, before scanning', () => {
      const dir = tree({ 'a.env': connectionString(28).text });
      const run = runCli(['scan', dir, '--output', path.join(dir, 'missing-folder', 'out.json')]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, /cannot write the report to '.*out\.json': no such file or folder \(ENOENT\)\n/);
      const isDir = runCli(['scan', dir, '--output', dir]);
      assert.equal(isDir.status, 2);
      assert.match(isDir.stderr, /EISDIR/);
    });

    it('prints usage for --help and -h (exit 0) and the package version for --version', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      for (const args of [['--help'], ['-h'], ['help']]) {
        const run = runCli(args);
        assert.equal(run.status, 0);
        assert.match(run.stdout, /Commands:\n {2}scan /);
      }
      for (const args of [['scan', '--help'], ['scan', '-h'], ['help', 'scan']]) {
        const run = runCli(args);
        assert.equal(run.status, 0);
        assert.match(run.stdout, /^Usage: cosmos-guard scan \[PATH\.\.\.\] \[options\]/);
        assert.match(run.stdout, /--max-file-size BYTES/);
      }
      assert.equal(runCli(['--version']).stdout, `${pkg.version}\n`);
    });

    it('keeps every help text within 100 columns', () => {
      for (const topic of [[], ...['scan', 'posture', 'audit', 'rotate', 'keyless', 'roles', 'local-auth'].map((c) => [c])]) {
        const run = runCli(['help', ...topic]);
        assert.equal(run.status, 0, topic.join(' '));
        const long = run.stdout.split('\n').filter((line) => line.length > 100);
        assert.deepEqual(long, [], `cosmos-guard help ${topic.join(' ')}`);
      }
    });
  });
});
