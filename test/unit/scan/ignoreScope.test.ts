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

describe('IgnoreScope (git\'s pattern syntax)', () => {
  const ignored = (rules: string, path: string, isDirectory = false, ignoreCase = false): boolean =>
    IgnoreScope.empty({ ignoreCase }).withRules('', rules).isIgnored(path, isDirectory);

  const cases: [string, string, boolean, boolean][] = [
    // [rules, path, isDirectory, ignored]
    ['foo', 'a/b/foo', false, true], // no slash: a name at any depth
    ['/foo', 'a/foo', false, false], // a leading slash anchors to the file's folder
    ['a/foo', 'x/a/foo', false, false], // a middle slash anchors too
    ['a/*.js', 'a/b/c.js', false, false], // `*` stays inside one component
    ['a/**/b', 'a/b', false, true], // `/**/`: zero or more folders
    ['a/**/b', 'a/x/y/b', false, true],
    ['**/b', 'x/y/b', false, true],
    ['a/**', 'a/x/y', false, true], // trailing `/**`: everything inside…
    ['a/**', 'a', true, false], // …but not the folder itself
    ['a**b', 'a/b', false, false], // other `**` are plain stars
    ['a**b', 'axxb', false, true],
    ['foo/', 'foo', false, false], // directories only
    ['foo/', 'foo/x', false, true], // …and what is inside them
    ['\\#x', '#x', false, true], // escaped `#` is a pattern, not a comment
    ['#x', '#x', false, false],
    ['\\!x', '!x', false, true],
    ['x\\ ', 'x ', false, true], // an escaped trailing space is kept
    ['x  ', 'x', false, true], // unescaped trailing spaces are not
    ['[a-c]x', 'bx', false, true],
    ['[!a-c]x', 'bx', false, false],
    ['[]]x', ']x', false, true], // `]` first in a bracket is a member
    ['[[:digit:]]x', '7x', false, true],
    ['[[:nope:]]x', 'nx', false, false], // an unknown class never matches
    ['[ab', '[ab', false, false], // an unclosed bracket never matches
    ['ab\\', 'ab\\', false, false], // nor does a trailing backslash
    ['?', 'a/b', false, true], // `?` matches a one-character name at any depth
    ['a?b', 'a/b', false, false], // but never a `/`
    ['\uFEFFbom', 'bom', false, true], // a byte order mark is skipped
    ['crlf\r\nnext', 'crlf', false, true],
    ['*.log\n!keep.log', 'keep.log', false, false],
    ['logs/\n!logs/keep.log', 'logs/keep.log', false, true], // nothing inside an ignored folder comes back
    ['Build', 'build', true, false],
  ];
  for (const [rules, path, isDirectory, expected] of cases) {
    it(`${JSON.stringify(rules)} ${expected ? 'ignores' : 'keeps'} ${path}${isDirectory ? '/' : ''}`, () => {
      assert.equal(ignored(rules, path, isDirectory), expected);
    });
  }

  it('folds ASCII case only with ignoreCase, in names, folders and brackets', () => {
    assert.equal(ignored('Build', 'build', true, true), true);
    assert.equal(ignored('src/Gen/*.TS', 'SRC/gen/a.ts', false, true), true);
    assert.equal(ignored('[A-C]x', 'bX', false, true), true);
    assert.equal(ignored('[!a]x', 'AX', false, true), false);
    const nested = IgnoreScope.empty({ ignoreCase: true }).withRules('Pkg', 'local.txt\n');
    assert.equal(nested.isIgnored('pkg/LOCAL.txt', false), true);
  });
});
