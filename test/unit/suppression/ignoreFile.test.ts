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
});
