// "Replace with an environment variable": how the code should read the variable in this file's language, what
// exactly moves (the whole literal when it is exactly a connection string or the secret, otherwise just the secret,
// spliced in with the language's concatenation or interpolation), and which imports that needs. Pure: text in,
// edits out; the editor adds the `.env` and `.gitignore` changes.
import { isRewritable, type Finding, type SecretKind } from '../detection';
import { findConfigValue, findStringLiteral, literalValue, type ConfigFormat, type LiteralSpan } from './stringLiteral';
import { type TextEdit } from './textEdit';

/** Where the moved value must be defined for the reference to work. */
export type EnvFixTarget = 'dotenv' | 'github-secret';

export interface EnvFixPlan {
  /** The variable name derived from the finding (before avoiding names already in `.env`). */
  readonly suggestedName: string;
  /** The value the variable must hold (the literal's runtime value, or the secret as written in it). */
  readonly value: string;
  /** `whole`: the literal is replaced; `secret`: only the secret inside a larger literal. */
  readonly scope: 'whole' | 'secret';
  readonly target: EnvFixTarget;
  /** How the file reads the variable, e.g. `process.env.COSMOS_KEY`. */
  reference(name: string): string;
  /** The edits to the file for a variable called `name`: ascending, non-overlapping. */
  edits(name: string): TextEdit[];
}

export interface EnvFixInput {
  readonly languageId: string;
  /** Workspace-relative POSIX path (or just the file name); the format is recognised from it too. */
  readonly path: string;
  readonly text: string;
  readonly finding: Pick<Finding, 'startOffset' | 'endOffset' | 'kind' | 'encoding' | 'rule'>;
}

interface CodeSyntax {
  readonly kind: 'code';
  readonly reference: (name: string) => string;
  readonly concat: string;
  readonly imports?: (text: string) => TextEdit | undefined;
  /** String prefixes whose literals cannot take a `str` (Python bytes). */
  readonly refusePrefix?: RegExp;
}

interface InterpolationSyntax {
  readonly kind: 'interpolation';
  readonly reference: (name: string) => string;
  readonly format: ConfigFormat;
  readonly target: EnvFixTarget;
}

type Syntax = CodeSyntax | InterpolationSyntax;

function pythonImport(text: string): TextEdit | undefined {
  if (/^import[ \t]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t]*)*os(?:\.[\w.]+)?[ \t]*(?:,|#|$)/m.test(text)) return undefined;
  const firstImport = /^(?:import|from)[ \t]/m.exec(text);
  if (firstImport) return { start: firstImport.index, end: firstImport.index, text: 'import os\n' };
  // After a shebang, an encoding line and the module docstring.
  const head = /^(?:#![^\n]*\n)?(?:#[^\n]*coding[^\n]*\n)?(?:[ \t]*(?:"""[\s\S]*?"""|'''[\s\S]*?''')[^\n]*\n)?/.exec(text)!;
  return { start: head[0].length, end: head[0].length, text: 'import os\n' };
}

function goImport(text: string): TextEdit | undefined {
  if (/^\s*(?:import\s+)?(?:\w+\s+)?"os"\s*$/m.test(text)) return undefined;
  const block = /^import\s*\([ \t]*\r?\n/m.exec(text);
  if (block) return { start: block.index + block[0].length, end: block.index + block[0].length, text: '\t"os"\n' };
  const single = /^import\s+(?:\w+\s+)?"[^"]+"/m.exec(text);
  if (single) return { start: single.index, end: single.index, text: 'import "os"\n' };
  const pkg = /^package\s+\w+[^\n]*\n/m.exec(text);
  return pkg ? { start: pkg.index + pkg[0].length, end: pkg.index + pkg[0].length, text: '\nimport "os"\n' } : undefined;
}

function csharpUsing(text: string): TextEdit | undefined {
  if (/^\s*(?:global\s+)?using\s+System\s*;/m.test(text)) return undefined;
  const firstUsing = /^[ \t]*using\s+(?:static\s+)?[\w.]+\s*;/m.exec(text);
  // Without any using directive the project relies on implicit usings, which include System.
  return firstUsing ? { start: firstUsing.index, end: firstUsing.index, text: 'using System;\n' } : undefined;
}

const JS: CodeSyntax = { kind: 'code', reference: (n) => `process.env.${n}`, concat: '+' };
const PYTHON: CodeSyntax = { kind: 'code', reference: (n) => `os.environ["${n}"]`, concat: '+', imports: pythonImport, refusePrefix: /b/i };
const CSHARP: CodeSyntax = { kind: 'code', reference: (n) => `Environment.GetEnvironmentVariable("${n}")`, concat: '+', imports: csharpUsing };
const JVM: CodeSyntax = { kind: 'code', reference: (n) => `System.getenv("${n}")`, concat: '+' };
const GO: CodeSyntax = { kind: 'code', reference: (n) => `os.Getenv("${n}")`, concat: '+', imports: goImport };
const PHP: CodeSyntax = { kind: 'code', reference: (n) => `getenv('${n}')`, concat: '.' };
const RUBY: CodeSyntax = { kind: 'code', reference: (n) => `ENV.fetch("${n}")`, concat: '+' };
const POWERSHELL: CodeSyntax = { kind: 'code', reference: (n) => `$env:${n}`, concat: '+' };

const CODE_BY_LANGUAGE: Readonly<Record<string, CodeSyntax>> = {
  javascript: JS, javascriptreact: JS, typescript: JS, typescriptreact: JS, python: PYTHON, csharp: CSHARP, java: JVM, kotlin: JVM,
  go: GO, php: PHP, ruby: RUBY, powershell: POWERSHELL,
};
const CODE_BY_EXTENSION: Readonly<Record<string, CodeSyntax>> = {
  js: JS, mjs: JS, cjs: JS, jsx: JS, ts: JS, mts: JS, cts: JS, tsx: JS, py: PYTHON, cs: CSHARP, java: JVM, kt: JVM, kts: JVM,
  go: GO, php: PHP, rb: RUBY, ps1: POWERSHELL, psm1: POWERSHELL,
};

/** The file's syntax for reading an environment variable, or undefined when it has none worth offering. */
function syntaxFor(languageId: string, path: string): Syntax | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.env(\.|$)/.test(name) || name.endsWith('.env')) return undefined; // it is the place secrets go
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) {
    return { kind: 'interpolation', reference: (n) => `\${{ secrets.${n} }}`, format: 'yaml', target: 'github-secret' };
  }
  if (/^(?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml$/.test(name)) {
    return { kind: 'interpolation', reference: (n) => `\${${n}}`, format: 'yaml', target: 'dotenv' };
  }
  const spring = /^(?:application|bootstrap)(?:[-.][\w-]+)?\.(properties|ya?ml)$/.exec(name);
  if (spring) return { kind: 'interpolation', reference: (n) => `\${${n}}`, format: spring[1] === 'properties' ? 'properties' : 'yaml', target: 'dotenv' };
  const dot = name.lastIndexOf('.');
  return CODE_BY_LANGUAGE[languageId] ?? (dot > 0 ? CODE_BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined);
}

const WHOLE_NAME: Partial<Record<SecretKind, string>> = {
  'sql-connection-string': 'COSMOS_CONNECTION_STRING',
  'table-connection-string': 'COSMOS_TABLE_CONNECTION_STRING',
  'mongodb-uri': 'COSMOS_MONGODB_URI',
  'mongo-vcore-password': 'COSMOS_MONGODB_URI',
};
const SECRET_NAME: Record<SecretKind, string> = {
  'sql-connection-string': 'COSMOS_KEY',
  'table-connection-string': 'COSMOS_KEY',
  'mongodb-uri': 'COSMOS_MONGO_PASSWORD',
  'mongo-vcore-password': 'COSMOS_MONGO_PASSWORD',
  cassandra: 'COSMOS_CASSANDRA_PASSWORD',
  gremlin: 'COSMOS_GREMLIN_KEY',
  'account-key': 'COSMOS_KEY',
  'identifiable-key': 'COSMOS_KEY',
};

/** A literal whose whole content is a connection string or URI (it begins like one). */
const CONNECTION_STRING_START = /^\s*(?:AccountEndpoint=|TableEndpoint=|DefaultEndpointsProtocol=|mongodb(?:\+srv)?:\/\/)/i;

export function planEnvVariableFix(input: EnvFixInput): EnvFixPlan | undefined {
  const { finding, text } = input;
  if (finding.rule === 'cosmos-emulator-key') return undefined; // not a secret
  if (finding.kind === 'key-based-client') return undefined; // code, not a secret: its fix is the keyless rewrite
  // A wrapped, split or serializer-escaped (`\=`, `&#x3D;`) value cannot move as written: its text is not the key.
  if (!isRewritable(finding.encoding)) return undefined;
  const syntax = syntaxFor(input.languageId, input.path);
  if (!syntax) return undefined;
  const span: LiteralSpan | undefined = syntax.kind === 'code'
    ? findStringLiteral(text, finding.startOffset, finding.endOffset)
    : findConfigValue(text, finding.startOffset, finding.endOffset, syntax.format);
  if (!span) return undefined;
  if (syntax.kind === 'code' && syntax.refusePrefix?.test(span.prefix)) return undefined;
  const content = text.slice(span.contentStart, span.contentEnd);
  const secretRaw = text.slice(finding.startOffset, finding.endOffset);
  const wholeValue = content.trim() === secretRaw || (WHOLE_NAME[finding.kind] !== undefined && CONNECTION_STRING_START.test(content))
    ? literalValue(span, content.trim()) : undefined;
  // A literal with interpolation cannot move whole; its secret still can.
  const whole = wholeValue !== undefined;
  const value = whole ? wholeValue : literalValue(span, secretRaw);
  if (value === undefined || value === '') return undefined;
  const suggestedName = whole && content.trim() !== secretRaw ? WHOLE_NAME[finding.kind]! : SECRET_NAME[finding.kind];
  const target = syntax.kind === 'interpolation' ? syntax.target : 'dotenv';

  const edits = (name: string): TextEdit[] => {
    const ref = syntax.reference(name);
    const out: TextEdit[] = [];
    const imported = syntax.kind === 'code' ? syntax.imports?.(text) : undefined;
    if (imported) out.push(imported);
    if (syntax.kind === 'interpolation') {
      // `${X}` works inside the value: replace just what moves, keep quotes and the rest.
      const [start, end] = whole ? [span.contentStart + (content.length - content.trimStart().length), span.contentEnd - (content.length - content.trimEnd().length)]
        : [finding.startOffset, finding.endOffset];
      out.push({ start, end, text: ref });
    } else if (whole) {
      out.push({ start: span.start, end: span.end, text: ref });
    } else {
      const before = text.slice(span.contentStart, finding.startOffset);
      const after = text.slice(finding.endOffset, span.contentEnd);
      const open = span.prefix + span.quote;
      const parts = [before ? `${open}${before}${span.quote}` : '', ref, after ? `${open}${after}${span.quote}` : ''].filter(Boolean);
      out.push({ start: span.start, end: span.end, text: parts.join(` ${syntax.concat} `) });
    }
    return out.sort((a, b) => a.start - b.start);
  };
  return { suggestedName, value, scope: whole ? 'whole' : 'secret', target, reference: syntax.reference, edits };
}
