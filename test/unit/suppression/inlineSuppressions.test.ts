import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import {
  applySuppressions, commentStyleFor, formatSuppressionComment, isCalendarDate, isExpired, parseInlineSuppressions, validateSuppressionReason,
} from '../../../src/core/suppression';
import { legacyKey, seededRandom } from '../../support/keyFactory';

const RULE = 'cosmos-sql-connection-string';
const TODAY = '2026-06-15';

describe('inline suppression comments', () => {
  const syntaxes: [string, string][] = [
    ['//', `// cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['#', `# cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['--', `-- cosmos-guard-ignore ${RULE} reason=test fixture`],
    [';', `; cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['<!-- -->', `<!-- cosmos-guard-ignore ${RULE} reason=test fixture -->`],
    ['/* */', `/* cosmos-guard-ignore ${RULE} reason=test fixture */`],
    ['block comment *', ` * cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['REM', `REM cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['::', `:: cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['\'', `' cosmos-guard-ignore ${RULE} reason=test fixture`],
    ['trailing //', `const x = 1; // cosmos-guard-ignore ${RULE} reason=test fixture`],
  ];
  for (const [name, line] of syntaxes) {
    it(`reads ${name}`, () => {
      const [s, ...rest] = parseInlineSuppressions(`first\n${line}\n`);
      assert.deepEqual(rest, []);
      assert.equal(s!.line, 2);
      assert.deepEqual(s!.rules, [RULE]);
      assert.equal(s!.reason, 'test fixture');
      assert.equal(s!.problem, undefined);
      assert.equal(line.slice(s!.column - 1, s!.endColumn - 1), `cosmos-guard-ignore ${RULE} reason=test fixture`);
    });
  }

  it('reads several rules, a quoted reason and an expiry date in either order', () => {
    const [a] = parseInlineSuppressions(`# cosmos-guard-ignore ${RULE},cosmos-account-key until=2026-12-31 reason="shared demo key"`);
    assert.deepEqual(a!.rules, [RULE, 'cosmos-account-key']);
    assert.equal(a!.reason, 'shared demo key');
    assert.equal(a!.until, '2026-12-31');
    assert.equal(a!.problem, undefined);
  });

  const invalid: [string, string, RegExp][] = [
    ['no reason', `// cosmos-guard-ignore ${RULE}`, /no reason/],
    ['an empty reason', `// cosmos-guard-ignore ${RULE} reason=`, /no reason/],
    ['no rule', '// cosmos-guard-ignore reason=because', /names no rule/],
    ['an unknown rule', '// cosmos-guard-ignore cosmos-made-up reason=x', /unknown rule 'cosmos-made-up'/],
    ['a bad date', `// cosmos-guard-ignore ${RULE} reason=x until=2026-02-30`, /until=2026-02-30 is not a date/],
    ['a date in another form', `// cosmos-guard-ignore ${RULE} reason=x until=31/12/2026`, /not a date/],
  ];
  for (const [what, line, message] of invalid) {
    it(`marks a comment with ${what} as invalid`, () => {
      const [s] = parseInlineSuppressions(line);
      assert.match(s!.problem ?? '', message);
    });
  }

  it('never echoes a key written where a rule or a date belongs', () => {
    const key = legacyKey(seededRandom(9));
    for (const line of [`// cosmos-guard-ignore ${key} reason=x`, `// cosmos-guard-ignore ${RULE} reason=x until=${key}`]) {
      const [s] = parseInlineSuppressions(line);
      assert.ok(s?.problem, line);
      assert.ok(!s.problem.includes(key.slice(0, 20)) && !s.problem.includes(key.slice(-20)), s.problem);
    }
  });

  it('ignores the token outside comments and glued to other words', () => {
    assert.deepEqual(parseInlineSuppressions(`const s = "cosmos-guard-ignore ${RULE} reason=x";\n`), []);
    assert.deepEqual(parseInlineSuppressions(`// cosmos-guard-ignored ${RULE} reason=x\n`), []);
    assert.deepEqual(parseInlineSuppressions('the cosmos-guard-ignore comment is documented in the README\n'), []);
  });

  it('counts lines across CRLF text and many comments', () => {
    const text = `a\r\n// cosmos-guard-ignore ${RULE} reason=one\r\nb\r\n\r\n# cosmos-guard-ignore ${RULE} reason=two\r\n`;
    assert.deepEqual(parseInlineSuppressions(text).map((s) => [s.line, s.reason]), [[2, 'one'], [5, 'two']]);
  });
});

describe('inline suppression comments written to mislead or flood', () => {
  it('ends a comment where the next suppression comment on the line begins', () => {
    const line = `/* cosmos-guard-ignore ${RULE} reason=one */ x(); // cosmos-guard-ignore cosmos-account-key reason=two`;
    const [a, b, ...rest] = parseInlineSuppressions(line);
    assert.deepEqual(rest, []);
    assert.deepEqual([a!.rules, a!.reason, b!.rules, b!.reason], [[RULE], 'one', ['cosmos-account-key'], 'two']);
    const [c, d] = parseInlineSuppressions(`// cosmos-guard-ignore ${RULE} reason=one // cosmos-guard-ignore ${RULE} reason=two`);
    assert.deepEqual([c!.reason, d!.reason, c!.endColumn], ['one', 'two', 63]);
  });

  it('quotes at most three unknown rules, each short and escaped, and counts the rest', () => {
    const rules = Array.from({ length: 15000 }, (_, i) => `made-up-${i}`);
    const [s] = parseInlineSuppressions(`// cosmos-guard-ignore ${rules.join(',')},\u001b[2Jx${'y'.repeat(100)} reason=x`);
    assert.equal(s!.problem, "unknown rule 'made-up-0', 'made-up-1', 'made-up-2' and 14998 more");
    const [t] = parseInlineSuppressions(`// cosmos-guard-ignore \u001b[2J${'y'.repeat(100)} reason=x`);
    assert.ok(!t!.problem!.includes('\u001b') && t!.problem!.includes('\\x1b') && t!.problem!.length < 70, t!.problem);
  });

  it('names each rule once, so an expiry message stays short', () => {
    const [s] = parseInlineSuppressions(`// cosmos-guard-ignore ${Array(5000).fill(RULE).join(',')} reason=x until=2020-01-01`);
    assert.deepEqual(s!.rules, [RULE]);
    const out = applySuppressions([], { text: `// cosmos-guard-ignore ${Array(5000).fill(RULE).join(',')} reason=x until=2020-01-01`, today: TODAY });
    assert.ok(out.problems[0]!.message.length < 150, out.problems[0]!.message);
  });

  it('reports at most 100 problems for one file, then how many more there are', () => {
    const text = '// cosmos-guard-ignore nope reason=x\n'.repeat(250);
    const { problems } = applySuppressions([], { text, today: TODAY });
    assert.equal(problems.length, 101);
    assert.equal(problems[100]!.message, 'Cosmos Guard: 150 more suppression problems in this file are not listed.');
  });
});

describe('applying suppressions', () => {
  const key = legacyKey(seededRandom(5));
  const conn = `AccountEndpoint=https://s.documents.azure.com:443/;AccountKey=${key};`;
  const scan = (text: string) => scanText('a.js', text);

  it('suppresses a finding on the same line or the line directly below, never further', () => {
    const same = `const c = "${conn}"; // cosmos-guard-ignore ${RULE} reason=fixture\n`;
    const below = `// cosmos-guard-ignore ${RULE} reason=fixture\nconst c = "${conn}";\n`;
    const far = `// cosmos-guard-ignore ${RULE} reason=fixture\n\nconst c = "${conn}";\n`;
    for (const [text, suppressed] of [[same, 1], [below, 1], [far, 0]] as const) {
      const out = applySuppressions(scan(text), { text, today: TODAY });
      assert.equal(out.findings.length, 1);
      assert.equal(out.suppressed, suppressed, text);
      if (suppressed) assert.deepEqual(out.findings[0]!.suppression, { kind: 'inSource', justification: 'fixture' });
      else assert.equal(out.findings[0]!.suppression, undefined);
    }
  });

  it('only suppresses the named rules', () => {
    const text = `// cosmos-guard-ignore cosmos-account-key reason=fixture\nconst c = "${conn}";\n`;
    assert.equal(applySuppressions(scan(text), { text, today: TODAY }).suppressed, 0);
  });

  it('applies until the expiry date (inclusive), then reports the expired comment and the finding again', () => {
    const text = (until: string) => `// cosmos-guard-ignore ${RULE} reason=rotating next sprint until=${until}\nconst c = "${conn}";\n`;
    const onTheDay = applySuppressions(scan(text(TODAY)), { text: text(TODAY), today: TODAY });
    assert.equal(onTheDay.suppressed, 1);
    assert.equal(onTheDay.findings[0]!.suppression?.justification, `rotating next sprint (until ${TODAY})`);
    assert.deepEqual(onTheDay.problems, []);
    const expired = applySuppressions(scan(text('2026-06-14')), { text: text('2026-06-14'), today: TODAY });
    assert.equal(expired.suppressed, 0);
    assert.equal(expired.problems.length, 1);
    assert.equal(expired.problems[0]!.kind, 'expired');
    assert.equal(expired.problems[0]!.line, 1);
    assert.match(expired.problems[0]!.message, /expired on 2026-06-14/);
  });

  it('reports invalid comments as problems and lets them suppress nothing', () => {
    const text = `// cosmos-guard-ignore ${RULE}\nconst c = "${conn}";\n`;
    const out = applySuppressions(scan(text), { text, today: TODAY });
    assert.equal(out.suppressed, 0);
    assert.equal(out.problems[0]!.kind, 'invalid');
    assert.match(out.problems[0]!.message, /no reason/);
  });

  it('suppresses by .cosmosguardignore fingerprint (external), unless the entry expired', () => {
    const text = `{ "Conn": "${conn}" }\n`;
    const [finding] = scan(text);
    const entry = { path: 'a.json', fingerprint: finding!.fingerprint, reason: 'read-only test account', line: 3 };
    const out = applySuppressions([finding!], { text, entries: [entry], today: TODAY });
    assert.deepEqual(out.findings[0]!.suppression, { kind: 'external', justification: 'read-only test account' });
    const other = applySuppressions([finding!], { text, entries: [{ ...entry, fingerprint: '0'.repeat(32) }], today: TODAY });
    assert.equal(other.suppressed, 0);
    assert.equal(applySuppressions([finding!], { text, entries: [{ ...entry, until: '2020-01-01' }], today: TODAY }).suppressed, 0);
  });
});

describe('suppression dates', () => {
  it('accepts real calendar dates only', () => {
    for (const d of ['2024-02-29', '2026-12-31', '2000-02-29']) assert.ok(isCalendarDate(d), d);
    for (const d of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '26-01-01', 'tomorrow', '2026-04-31']) assert.ok(!isCalendarDate(d), d);
  });

  it('expires the day after the date', () => {
    assert.equal(isExpired('2026-06-15', '2026-06-15'), false);
    assert.equal(isExpired('2026-06-15', '2026-06-16'), true);
    assert.equal(isExpired('2026-06-15', '2025-12-31'), false);
  });
});

describe('writing suppression comments', () => {
  const table: [string, string, string | undefined][] = [
    ['javascript', 'src/a.js', '// cosmos-guard-ignore r reason=x'],
    ['typescript', 'a.ts', '// cosmos-guard-ignore r reason=x'],
    ['csharp', 'A.cs', '// cosmos-guard-ignore r reason=x'],
    ['python', 'a.py', '# cosmos-guard-ignore r reason=x'],
    ['yaml', 'k8s.yaml', '# cosmos-guard-ignore r reason=x'],
    ['plaintext', '.env', '# cosmos-guard-ignore r reason=x'],
    ['plaintext', 'config/.env.local', '# cosmos-guard-ignore r reason=x'],
    ['sql', 'q.sql', '-- cosmos-guard-ignore r reason=x'],
    ['ini', 'a.ini', '; cosmos-guard-ignore r reason=x'],
    ['markdown', 'README.md', '<!-- cosmos-guard-ignore r reason=x -->'],
    ['xml', 'app.config', '<!-- cosmos-guard-ignore r reason=x -->'],
    ['css', 'a.css', '/* cosmos-guard-ignore r reason=x */'],
    ['bat', 'run.bat', 'REM cosmos-guard-ignore r reason=x'],
    ['vb', 'a.vb', '\' cosmos-guard-ignore r reason=x'],
    ['jsonc', 'settings.json', '// cosmos-guard-ignore r reason=x'],
    ['json', 'appsettings.json', undefined],
    ['plaintext', 'notes.txt', undefined],
    ['jupyter', 'a.ipynb', undefined],
    ['unknown-language', 'main.tf', '# cosmos-guard-ignore r reason=x'],
  ];
  for (const [languageId, path, expected] of table) {
    it(`${languageId} ${path}: ${expected ?? '.cosmosguardignore'}`, () => {
      const style = commentStyleFor(languageId, path);
      assert.equal(style && formatSuppressionComment(style, 'r', 'x'), expected);
    });
  }

  it('round-trips every comment style through the parser', () => {
    for (const [languageId, path] of table) {
      const style = commentStyleFor(languageId, path);
      if (!style) continue;
      const [s] = parseInlineSuppressions(`${formatSuppressionComment(style, RULE, 'a reason with spaces', '2030-01-31')}\n`);
      assert.deepEqual([s?.rules, s?.reason, s?.until, s?.problem], [[RULE], 'a reason with spaces', '2030-01-31', undefined], path);
    }
  });

  it('validates reasons', () => {
    assert.equal(validateSuppressionReason('test fixture'), undefined);
    assert.match(validateSuppressionReason('  ') ?? '', /required/);
    assert.match(validateSuppressionReason('a\nb') ?? '', /one line/);
    assert.match(validateSuppressionReason('x until=2020-01-01') ?? '', /until=/);
    assert.match(validateSuppressionReason('ends */ here', { open: '/*', close: '*/' }) ?? '', /\*\//);
  });
});
