import assert from 'node:assert/strict';
import { parseArgs, UsageError, type OptionSpec } from '../../../src/cli/argParser';

const SPECS: OptionSpec[] = [
  { name: 'format', short: 'f', value: 'FMT' },
  { name: 'output', short: 'o', value: 'FILE' },
  { name: 'exclude', value: 'GLOB', repeatable: true },
  { name: 'no-gitignore' },
];

const parse = (argv: string[]) => parseArgs(argv, SPECS, 'scan');

describe('parseArgs', () => {
  it('reads long, short, inline and repeated options and positionals', () => {
    const r = parse(['a', '--format', 'json', '-o', 'out.sarif', '--exclude=x', '--exclude', 'y', '--no-gitignore', 'b']);
    assert.deepEqual(r.positionals, ['a', 'b']);
    assert.deepEqual(r.options.get('format'), ['json']);
    assert.deepEqual(r.options.get('output'), ['out.sarif']);
    assert.deepEqual(r.options.get('exclude'), ['x', 'y']);
    assert.deepEqual(r.options.get('no-gitignore'), []);
  });

  it('reads -fjson, accepts "-" as a value and treats everything after -- as PATHs', () => {
    const r = parse(['-fjson', '-o', '-', '--', '--format', '-x']);
    assert.deepEqual(r.options.get('format'), ['json']);
    assert.deepEqual(r.options.get('output'), ['-']);
    assert.deepEqual(r.positionals, ['--format', '-x']);
  });

  const errors: [string[], RegExp][] = [
    [['--formt', 'json'], /^unknown option --formt \(did you mean --format\?\)$/],
    [['-x'], /^unknown option -x$/],
    [['--format'], /^option --format needs a value \(--format FMT\)$/],
    [['--format', '--no-gitignore'], /^option --format needs a value/],
    [['--no-gitignore=yes'], /^option --no-gitignore takes no value \(got 'yes'\)$/],
    [['-f', 'json', '--format', 'text'], /^option --format was given more than once$/],
  ];
  for (const [argv, message] of errors) {
    it(`rejects ${argv.join(' ')}`, () => {
      assert.throws(() => parse(argv), (e: unknown) => e instanceof UsageError && message.test(e.message) && e.command === 'scan');
    });
  }
});
