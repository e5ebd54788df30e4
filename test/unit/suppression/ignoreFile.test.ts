import * as assert from 'node:assert/strict';
import { entriesForPath, expiredEntries, formatIgnoreFileEntry, parseIgnoreFile } from '../../../src/core/suppression';

const FP = '0123456789abcdef0123456789abcdef';

describe('.cosmosguardignore', () => {
  it('reads entries, skipping comments and blank lines', () => {
    const { entries, problems } = parseIgnoreFile(`# header\n\nappsettings.json ${FP} reason=read-only test key\r\n./config/x.json ${FP} reason=demo until=2030-01-01\n`);
    assert.deepEqual(problems, []);
    assert.deepEqual(entries, [
      { path: 'appsettings.json', fingerprint: FP, reason: 'read-only test key', line: 3 },
      { path: 'config/x.json', fingerprint: FP, reason: 'demo', until: '2030-01-01', line: 4 },
    ]);
  });

  it('reports malformed lines and entries without a reason, which suppress nothing', () => {
    const { entries, problems } = parseIgnoreFile(`a.json nothex reason=x\nb.json ${FP}\nc.json ${FP} reason=x until=soon\n"unterminated ${FP} reason=x\n`);
    assert.deepEqual(entries, []);
    assert.deepEqual(problems.map((p) => p.line), [1, 2, 3, 4]);
    assert.match(problems[0]!.message, /fingerprint/);
    assert.match(problems[1]!.message, /no reason/);
    assert.match(problems[2]!.message, /not a date/);
  });

  it('writes entries it reads back, quoting paths with spaces', () => {
    for (const path of ['a.json', 'dir with space/b.json', '#odd.json']) {
      const line = formatIgnoreFileEntry({ path, fingerprint: FP, reason: 'why not', until: '2031-02-03' });
      const [entry] = parseIgnoreFile(`${line}\n`).entries;
      assert.deepEqual([entry?.path, entry?.reason, entry?.until], [path, 'why not', '2031-02-03'], line);
    }
    assert.equal(formatIgnoreFileEntry({ path: 'dir with space/b.json', fingerprint: FP, reason: 'x' }), `"dir with space/b.json" ${FP} reason=x`);
  });

  it('selects the entries for a path and lists expired ones', () => {
    const { entries } = parseIgnoreFile(`a.json ${FP} reason=x until=2020-01-01\nb.json ${FP} reason=y\n`);
    assert.deepEqual(entriesForPath(entries, 'b.json').map((e) => e.reason), ['y']);
    assert.deepEqual(expiredEntries(entries, '2026-01-01').map((e) => e.line), [1]);
  });

  it('reports at most 100 problems per file, then how many more lines are broken', () => {
    const { problems } = parseIgnoreFile('broken line\n'.repeat(1000));
    assert.equal(problems.length, 101);
    assert.deepEqual(problems[100], { line: 100, message: '900 more lines are not valid entries either' });
    const expired = parseIgnoreFile(`a.json ${FP} reason=x until=2020-01-01\n`.repeat(300)).entries;
    assert.equal(expiredEntries(expired, '2026-01-01').length, 101);
  });

  it('quotes paths and dates short and escaped', () => {
    const { problems } = parseIgnoreFile(`a.json ${FP} reason=x until=\u001b]0;${'z'.repeat(500)}\n`);
    assert.ok(problems[0]!.message.includes('\\x1b') && problems[0]!.message.length < 100, problems[0]!.message);
    const [entry] = parseIgnoreFile(`"${'p\\u0007'.repeat(100)}" ${FP} reason=x until=2020-01-01\n`).entries;
    const [message] = expiredEntries([entry!], '2026-01-01');
    assert.ok(!message!.message.includes('\u0007') && message!.message.length < 220, message!.message);
  });

  it('finds a path\'s entries in a long file without walking it per path', () => {
    const entries = parseIgnoreFile(Array.from({ length: 20000 }, (_, i) => `f${i}.json ${FP} reason=x`).join('\n')).entries;
    assert.deepEqual(entriesForPath(entries, 'f19999.json').map((e) => e.line), [20000]);
    assert.deepEqual(entriesForPath(entries, 'nope.json'), []);
  });
});

