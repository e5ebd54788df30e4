import assert from 'node:assert/strict';
import { compileGlob, compileGlobs } from '../../../src/core/scan';
import { seededRandom } from '../../support/keyFactory';

describe('VS Code globs (files.exclude, search.exclude, cosmosGuard.scan.exclude)', () => {
  const cases: [string, string, boolean][] = [
    ['**/node_modules', 'node_modules', true],
    ['**/node_modules', 'a/b/node_modules', true],
    ['**/node_modules', 'a/node_modules_x', false],
    ['*.log', 'a.log', true],
    ['*.log', 'x/a.log', false], // relative to the folder: `*` stays in the first component
    ['**/*.{ts,js}', 'src/a.ts', true],
    ['**/*.{ts,js}', 'a.js', true],
    ['**/*.{ts,js}', 'a.json', false],
    ['{dist,out/gen}/**', 'out/gen/x.js', true], // a choice may hold `/`
    ['dist/**', 'dist', true], // `dir/**` matches the folder itself
    ['dist/**', 'dist/a/b.js', true],
    ['dist/**', 'distx/a', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['**', 'anything/at/all', true],
    ['example.[0-9]', 'example.7', true],
    ['example.[!0-9]', 'example.7', false],
    ['example.[!0-9]', 'example.a', true],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['a/b', 'a\\b', true], // `\` separates components as `/` does
    ['.git', '.git', true], // dot-files are names like any other
    ['Build', 'build', false], // case counts
    ['  **/x  ', 'x', true], // trimmed
  ];
  for (const [glob, path, expected] of cases) {
    it(`${JSON.stringify(glob)} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(compileGlob(glob)!.matches(path), expected));
  }

  it('compileGlobs matches any of the globs, dropping a leading ./ and trailing slashes', () => {
    const test = compileGlobs(['./docs/*.md', 'generated//', '', '   ']);
    assert.equal(test('docs/a.md'), true);
    assert.equal(test('generated'), true);
    assert.equal(test('src/a.md'), false);
    assert.equal(compileGlobs([])('x'), false);
  });

  // A second construction of the same semantics, through a regular expression built as VS Code builds it
  // (vs/base/common/glob.ts): fine for short inputs, and independent of the automaton.
  function reference(glob: string): RegExp {
    const SEP = '[/\\\\]';
    const NOSEP = '[^/\\\\]';
    const escape = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const split = (text: string, by: string): string[] => {
      const parts: string[] = [];
      let cur = '';
      let braces = false;
      let brackets = false;
      for (const ch of text) {
        if (ch === by && !braces && !brackets) { parts.push(cur); cur = ''; continue; }
        if (ch === '{') braces = true;
        else if (ch === '}') braces = false;
        else if (ch === '[') brackets = true;
        else if (ch === ']') brackets = false;
        cur += ch;
      }
      if (cur) parts.push(cur);
      return parts;
    };
    const parse = (pattern: string): string => {
      const segments = split(pattern, '/');
      if (segments.length && segments.every((s) => s === '**')) return '.*';
      let out = '';
      let previousGlobstar = false;
      segments.forEach((segment, index) => {
        const last = index === segments.length - 1;
        if (segment === '**') {
          if (!previousGlobstar) out += `(?:${SEP}|${NOSEP}+${SEP}${last ? `|${SEP}${NOSEP}+` : ''})*?`;
          previousGlobstar = true;
          return;
        }
        previousGlobstar = false;
        for (let i = 0; i < segment.length; i++) {
          const ch = segment[i]!;
          if (ch === '{') {
            const close = segment.indexOf('}', i + 1);
            if (close === -1) break;
            const body = segment.slice(i + 1, close);
            out += `(?:${(body === '' ? [''] : split(body, ',')).map(parse).join('|')})`;
            i = close;
          } else if (ch === '[') {
            const negated = segment[i + 1] === '!' || segment[i + 1] === '^';
            const body = negated ? i + 2 : i + 1;
            const close = segment.indexOf(']', negated ? body : body + 1);
            if (close === -1) break;
            const members = [...segment.slice(body, close)].filter((c) => c !== '/').map((c) => (c === '-' ? '-' : escape(c))).join('');
            out += negated ? `(?![/\\\\])[^${members}]` : `[${members}]`;
            i = close;
          } else if (ch === '?') out += NOSEP;
          else if (ch === '*') out += `${NOSEP}*?`;
          else out += escape(ch);
        }
        if (!last && (segments[index + 1] !== '**' || index + 2 < segments.length)) out += SEP;
      });
      return out;
    };
    return new RegExp(`^${parse(glob)}$`);
  }

  it('agrees with a regular-expression construction of VS Code\'s rules on 20,000 random globs and paths', () => {
    const rnd = seededRandom(77);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const pieces = ['a', 'b', 'ab', '.', '*', '*', '?', '[ab]', '[!a]', '[a-b]', '{a,b}', '{a/b,c}', '{,a}', 'x'];
    const names = ['a', 'b', 'ab', 'ba', 'a.b', '.a', 'x', 'aab', 'c'];
    let matched = 0;
    const differences: string[] = [];
    for (let n = 0; n < 20000; n++) {
      const segments = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () =>
        (rnd() < 0.2 ? '**' : Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(pieces)).join('')));
      const glob = segments.join('/');
      const path = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(names)).join('/');
      const expected = reference(glob).test(path);
      if (expected) matched++;
      if (compileGlob(glob)!.matches(path) !== expected) differences.push(`${glob} vs ${path}: VS Code ${expected}`);
    }
    assert.deepEqual(differences.slice(0, 5), []);
    assert.ok(matched > 1000, `only ${matched} matches: the comparison proves little`);
  });
});
