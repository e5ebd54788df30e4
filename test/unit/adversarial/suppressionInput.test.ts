// Suppression comments and .cosmosguardignore files are written by whoever wrote the repository: parsing them must
// stay linear however they are shaped, and what they make us print must stay short.
import assert from 'node:assert/strict';
import { applySuppressions, entriesForPath, expiredEntries, parseIgnoreFile, parseInlineSuppressions } from '../../../src/core/suppression';
import { assertLinearTime, repeatTo } from './growth';

const TODAY = '2026-06-15';
const FP = '0123456789abcdef0123456789abcdef';
const apply = (text: string) => applySuppressions([], { text, today: TODAY });

describe('adversarial suppression comments (1 MiB and more)', () => {
  const shapes: [string, (i: number) => string][] = [
    ['one line of comments', () => '// cosmos-guard-ignore x '],
    ['a comment per line', (i) => `// cosmos-guard-ignore cosmos-account-key reason=r${i} until=2020-01-01\n`],
    ['tokens in prose, without an opener', () => 'see cosmos-guard-ignore '],
    ['tokens glued to letters', () => '// cosmos-guard-ignored'],
    ['openers far from their tokens', () => `//${' '.repeat(190)}cosmos-guard-ignore x\n`],
    ['whitespace runs with no opener', () => `${' '.repeat(300)}cosmos-guard-ignore `],
    ['block comments on one line', () => '/* cosmos-guard-ignore x reason=y */ '],
    ['openers without closers, then closers', (i) => (i % 2 ? '*/*/*/*/*/' : '<!-- cosmos-guard-ignore a reason=b ')],
    ['reason= and until= everywhere', () => '# cosmos-guard-ignore reason=until=reason=until= '],
  ];
  for (const [name, unit] of shapes) {
    it(`parses ${name} in linear time`, () => assertLinearTime((size) => repeatTo(size, unit), apply));
  }

  it('keeps what a 1 MiB comment makes us print short: 101 problems at most, each under 200 characters', () => {
    const rules = repeatTo(1024 * 1024, (i) => `r\u001b${i},`);
    for (const text of [`// cosmos-guard-ignore ${rules} reason=x\n`, '// cosmos-guard-ignore x\n'.repeat(40000), `// cosmos-guard-ignore ${'\u202e'.repeat(1e6)}\n`]) {
      const { problems } = applySuppressions([], { text, today: TODAY });
      assert.ok(problems.length >= 1 && problems.length <= 101, `${problems.length} problems`);
      for (const p of problems) assert.ok(p.message.length < 200 && ![...p.message].some((c) => c < ' ' || c === '\u202e'), p.message.slice(0, 300));
    }
  });

  it('parses one comment naming 150,000 rules in linear time', () => {
    assertLinearTime((size) => `// cosmos-guard-ignore ${repeatTo(size, (i) => `rule-${i},`)} reason=x`, (text) => parseInlineSuppressions(text));
  });
});

describe('adversarial .cosmosguardignore files (1 MiB and more)', () => {
  const shapes: [string, (i: number) => string][] = [
    ['broken lines', (i) => `broken ${i}\n`],
    ['valid entries', (i) => `dir/f${i}.json ${FP} reason=fixture ${i} until=2030-01-01\n`],
    ['one long line of reason=', () => `a.json ${FP} reason=until=`],
    ['an unterminated quoted path', () => '"\\\\\\"aaaa'],
    ['quoted paths full of escapes', (i) => `"p\\\\${i}\\"q" ${FP} reason=x\n`],
    ['quoted values', () => `a.json ${FP} reason="${'x'.repeat(200)}\n`],
  ];
  for (const [name, unit] of shapes) {
    it(`reads ${name} in linear time`, () => assertLinearTime((size) => repeatTo(size, unit), (text) => parseIgnoreFile(text)));
  }

  it('reports at most 101 problems and expiry warnings for a 1 MiB file', () => {
    assert.equal(parseIgnoreFile('broken\n'.repeat(150000)).problems.length, 101);
    const entries = parseIgnoreFile(`a.json ${FP} reason=x until=2020-01-01\n`.repeat(20000)).entries;
    assert.equal(expiredEntries(entries, TODAY).length, 101);
  });

  it('looks up each file\'s entries in time linear in files and entries together', () => {
    assertLinearTime((size) => {
      const count = size / 64;
      return { entries: parseIgnoreFile(repeatTo(size, (i) => `dir/f${i}.json ${FP} reason=x\n`)).entries, paths: Array.from({ length: count }, (_, i) => `dir/f${i}.json`) };
    }, ({ entries, paths }) => paths.map((p) => entriesForPath(entries, p)));
  });
});
