import assert from 'node:assert/strict';
import { createExcludeTest } from '../../../src/core/scan';

describe('createExcludeTest (--exclude globs)', () => {
  const test = createExcludeTest(['*.min.js', 'dist/**', 'generated/', './docs/*.md', '  ']);
  const cases: [string, boolean, boolean][] = [
    ['app.min.js', false, true],
    ['a/b/app.min.js', false, true],
    ['app.js', false, false],
    ['dist/x/y.js', false, true],
    ['src/dist/y.js', false, false],
    ['generated', true, true],
    ['src/generated', true, true],
    ['generated', false, false],
    ['docs/readme.md', false, true],
    ['docs/a/readme.md', false, false],
    ['.hidden.min.js', false, true],
  ];
  for (const [p, isDir, expected] of cases) {
    it(`${p}${isDir ? '/' : ''} → ${expected ? 'excluded' : 'kept'}`, () => assert.equal(test(p, isDir), expected));
  }
  it('excludes nothing without globs', () => assert.equal(createExcludeTest([])('anything', false), false));
});
