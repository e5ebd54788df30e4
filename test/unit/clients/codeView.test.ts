import * as assert from 'node:assert/strict';
import { type ClientLanguage } from '../../../src/core/clients/clientLanguage';
import { buildCodeView, STRING_FILL } from '../../../src/core/clients/codeView';

/** The view with fill shown as `~`, for readable expectations. */
function view(language: ClientLanguage, source: string): string {
  const v = buildCodeView(source, language);
  assert.equal(v.code.length, source.length, 'the view keeps every offset');
  return v.code.split(STRING_FILL).join('~');
}

describe('code view (comments and strings blanked, offsets kept)', () => {
  const cases: [ClientLanguage, string, string, string][] = [
    ['javascript', 'comments become spaces, line breaks stay', 'a // b\nc /* d\ne */ f', 'a     \nc     \n     f'],
    ['javascript', 'strings of every quote', `x('a"b', "c'd", \`e\`)`, 'x("~~~", "~~~", "~")'],
    ['javascript', 'escapes do not end a string', String.raw`'it\'s' + "q\"q"`, '"~~~~~" + "~~~~"'],
    ['javascript', 'template holes stay code, nested templates too', 'f(`a${b + `c${d}`}e`)', 'f("~~"b + "~~"d"""~")'],
    ['javascript', 'a regular expression is a string; division is not', 'x = /"[/]"/g; y = a / b / c', 'x = "~~~~~"g; y = a / b / c'],
    ['javascript', 'an unterminated string ends at the line break', "a = 'oops\nb = 1", 'a = "~~~"\nb = 1'],
    ['python', 'comments, prefixes and triple quotes', 'a = rb"x" # c\nb = """q\n"r"\n"""', 'a = "~~~"    \nb = "~~~~~~~~~~"'],
    ['python', 'an identifier before a quote is not a prefix', 'xr"a"', 'xr"~"'],
    ['csharp', 'verbatim, interpolated (holes stay code) and raw strings', '@"a""b" + $"x{y["k"]}z" + """q"""', '"~~~~~" + "~~"y["~"]"~" + "~~~~~"'],
    ['csharp', 'char literals and comments', "c = '\\'' // x\n/* y */", 'c = "~~"     \n       '],
    ['java', 'text blocks and char literals', 's = """\na"b\n"""; c = \'"\';', 's = "~~~~~~~~~"; c = "~";'],
  ];
  for (const [language, name, source, expected] of cases) {
    it(`${language}: ${name}`, () => assert.equal(view(language, source), expected));
  }

  it('counts the characters it examined: the length, plus abandoned regular-expression scans', () => {
    const plain = buildCodeView('a = b;\n'.repeat(100), 'javascript');
    assert.equal(plain.steps, plain.source.length);
    const abandoned = buildCodeView('x = /[ abc\n', 'javascript');
    assert.ok(abandoned.steps > abandoned.source.length);
  });
});
