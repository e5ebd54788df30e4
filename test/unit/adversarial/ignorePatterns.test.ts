// .gitignore files and exclude globs come from the repository and its settings (and .gitignore applies in
// Restricted Mode): matching counts its own steps, and they must grow linearly with the rules and with the path.
import assert from 'node:assert/strict';
import { compileGlobs, createExcludeTest, IgnoreScope, type StepCounter } from '../../../src/core/scan';
import { assertLinearSteps, assertLinearTime, MIB, repeatTo } from './growth';

const STARS = 'a*a*a*a*a*a*a*a*a*a*a*';

/** Steps one isIgnored call takes with these rules. */
function gitignoreSteps(rules: string, path: string, isDirectory = false): number {
  const counter: StepCounter = { steps: 0 };
  const scope = IgnoreScope.empty({ counter }).withRules('', rules);
  scope.isIgnored(path, isDirectory);
  return counter.steps;
}

function globSteps(globs: readonly string[], path: string): number {
  const counter: StepCounter = { steps: 0 };
  compileGlobs(globs, { counter })(path);
  createExcludeTest(globs, { counter })(path, false);
  return counter.steps;
}

describe('adversarial .gitignore rules (1 MiB and more)', () => {
  // Rules that get past the literal pre-checks and reach the automaton, and still do not match.
  const hostileRules = (size: number): string => repeatTo(size, (i) => `${STARS}[c${i % 10}]\n`);
  const nearMiss = `${'a'.repeat(40)}b`;

  it('takes the issue\'s rule against a 40-character name in a bounded number of steps', () => {
    const steps = gitignoreSteps(`${STARS}b\n`, 'a'.repeat(40));
    assert.ok(steps < 2000, `${steps} steps`);
    assert.equal(IgnoreScope.empty().withRules('', `${STARS}b\n`).isIgnored(`${'a'.repeat(40)}b`, false), true);
  });

  it('grows linearly with the size of the rules', () => {
    assertLinearSteps(gitignoreSteps(hostileRules(MIB / 4), nearMiss), gitignoreSteps(hostileRules(MIB), nearMiss), 4);
  });

  it('grows linearly with the length of a name', () => {
    const rules = `${STARS}[c]\n${STARS}b/c\n/${STARS}[c]/**\n`;
    assertLinearSteps(gitignoreSteps(rules, 'a'.repeat(MIB / 4)), gitignoreSteps(rules, 'a'.repeat(MIB)), 4);
  });

  it('grows linearly with the depth of a path (its parent folders are checked in the same pass)', () => {
    const rules = `${STARS}[c]\nfoo/\n**/bar/**/baz\n!a\n/a/**/[b]\n`;
    const deep = (size: number): string => repeatTo(size, () => 'a/').slice(0, size - 1);
    assertLinearSteps(gitignoreSteps(rules, deep(MIB / 4)), gitignoreSteps(rules, deep(MIB)), 4);
  });

  it('grows linearly with one enormous rule', () => {
    const rule = (size: number): string => `${repeatTo(size, () => 'a*')}[c]\n`;
    assertLinearSteps(gitignoreSteps(rule(MIB / 4), nearMiss), gitignoreSteps(rule(MIB), nearMiss), 4);
  });

  const files: [string, (i: number) => string][] = [
    ['hostile rules', (i) => `${STARS}[c${i % 10}]\n`],
    ['bracket expressions with `[:` and no `:]`', () => '[[:[:[:[:[:[:[:[:]x\n'],
    ['escapes and trailing spaces', () => '\\ \\\\\\ a\\  \\#\\!   \n'],
    ['one line of stars', () => '*'],
    ['comments and blank lines', () => '# x\n\n'],
  ];
  for (const [name, unit] of files) {
    it(`reads a file of ${name} in linear time`, () => assertLinearTime((size) => repeatTo(size, unit), (text) => IgnoreScope.empty().withRules('', text)));
  }
});

describe('adversarial exclude globs (1 MiB and more)', () => {
  const nearMiss = `${'a'.repeat(40)}b`;

  it('takes the issue\'s glob against a 40-character name in a bounded number of steps', () => {
    const steps = globSteps([`${STARS}b`], 'a'.repeat(40));
    assert.ok(steps < 2000, `${steps} steps`);
  });

  it('grows linearly with the number of globs', () => {
    const globs = (size: number): string[] => Array.from({ length: size / 24 }, (_, i) => `${STARS}[c${i % 10}]`);
    assertLinearSteps(globSteps(globs(MIB / 4), nearMiss), globSteps(globs(MIB), nearMiss), 4);
  });

  it('grows linearly with one enormous glob, braces included', () => {
    const stars = (size: number): string => `${repeatTo(size, () => 'a*')}[c]`;
    assertLinearSteps(globSteps([stars(MIB / 4)], nearMiss), globSteps([stars(MIB)], nearMiss), 4);
    const braces = (size: number): string => `**/{${repeatTo(size, (i) => `a*a${i % 10},`)}}[c]`;
    assertLinearSteps(globSteps([braces(MIB / 4)], nearMiss), globSteps([braces(MIB)], nearMiss), 4);
  });

  it('grows linearly with the length of the path', () => {
    const globs = [`**/${STARS}[c]`, `{a,b}/**/${STARS}[c]/**`, '**/*.{js,ts}x'];
    const path = (size: number): string => repeatTo(size, (i) => (i % 50 ? 'a' : '/'));
    assertLinearSteps(globSteps(globs, path(MIB / 4)), globSteps(globs, path(MIB)), 4);
  });

  it('compiles a megabyte of globs in linear time', () => {
    assertLinearTime((size) => [repeatTo(size, (i) => (i % 7 ? `{a,[b-c]}*` : '/**/'))], (globs) => compileGlobs(globs));
  });
});
