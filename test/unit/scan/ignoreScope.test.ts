import assert from 'node:assert/strict';
import { IgnoreScope } from '../../../src/core/scan';

describe('IgnoreScope (gitignore rules)', () => {
  const root = IgnoreScope.empty().withRules('', 'node_modules/\n*.log\n/dist\nbuild/\n!important.log\n# comment\n');

  const cases: [string, boolean, boolean][] = [
    ['node_modules', true, true],
    ['node_modules', false, false], // `node_modules/` only matches folders
    ['src/node_modules', true, true],
    ['a/b/c.log', false, true],
    ['important.log', false, false],
    ['dist', true, true],
    ['src/dist', true, false], // anchored to the .gitignore's folder
    ['build', true, true],
    ['.env', false, false],
    ['.github', true, false],
  ];
  for (const [p, isDir, expected] of cases) {
    it(`${p}${isDir ? '/' : ''} is ${expected ? '' : 'not '}ignored`, () => assert.equal(root.isIgnored(p, isDir), expected));
  }

  it('lets a nested .gitignore re-include and add rules relative to its own folder', () => {
    const nested = root.withRules('pkg', '!debug.log\n/local.txt\n');
    assert.equal(nested.isIgnored('pkg/debug.log', false), false);
    assert.equal(nested.isIgnored('pkg/other.log', false), true);
    assert.equal(nested.isIgnored('pkg/local.txt', false), true);
    assert.equal(nested.isIgnored('pkg/sub/local.txt', false), false);
    assert.equal(nested.isIgnored('local.txt', false), false, 'rules of pkg/.gitignore do not reach outside pkg');
    assert.equal(root.isIgnored('pkg/debug.log', false), true, 'the parent scope is unchanged (immutable)');
  });

  it('treats later scopes as higher priority (.git/info/exclude first, then .gitignore)', () => {
    const scope = IgnoreScope.empty().withRules('', 'secret.env\n').withRules('', '!secret.env\n');
    assert.equal(scope.isIgnored('secret.env', false), false);
  });

  it('is case-sensitive unless asked otherwise', () => {
    assert.equal(IgnoreScope.empty().withRules('', 'Build/\n').isIgnored('build', true), false);
    assert.equal(IgnoreScope.empty({ ignoreCase: true }).withRules('', 'Build/\n').isIgnored('build', true), true);
  });

  it('copes with names the matcher refuses, such as a file called "..."', () => {
    assert.equal(root.isIgnored('...', false), false);
    assert.equal(root.isIgnored('...', true), false);
  });

  it('returns the same scope for files with only comments and blank lines', () => {
    const scope = IgnoreScope.empty();
    assert.equal(scope.withRules('x', '# nothing\n\n  \n'), scope);
  });
});
