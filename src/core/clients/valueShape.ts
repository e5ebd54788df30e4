// What an argument expression is, as far as a single file shows: a string (literal, configuration read or
// concatenation), an object or dict literal, a credential construction, client options, a collection, or a name
// whose role its spelling and declaration suggest (`authKey`, `credential`, `connectionString`). Bounded: the
// expressions are arguments (at most a few KiB), declarations are looked for in a bounded window before the use.
import { isIdentCode } from './codeView';
import { containsString, isSingleString, isSpace, MAX_GAP, previousNonSpace, skipSpaces, trimSpan, type OpCounter, type Span } from './codeSyntax';
import { type CodeView } from './codeView';
import { type ValueSource } from './keyBasedClient';

export type NameRole = 'key' | 'key-credential' | 'token' | 'resource-token' | 'connection-string' | 'endpoint' | 'options' | 'unknown';

export type ValueShape =
  | { readonly kind: 'string'; readonly source: ValueSource; readonly literal?: Span }
  | { readonly kind: 'object'; readonly span: Span }
  | { readonly kind: 'list' }
  | { readonly kind: 'key-credential' }
  | { readonly kind: 'token-credential' }
  | { readonly kind: 'options' }
  /** A name, a member or a call: `role` from its spelling, `stringValued` when it is known to be a string (an environment variable). */
  | { readonly kind: 'reference'; readonly name: string; readonly role: NameRole; readonly source: ValueSource; readonly plain: boolean;
    readonly stringValued: boolean }
  | { readonly kind: 'unknown' };

/** How far before a use a declaration is looked for. */
const DECLARATION_WINDOW = 16 * 1024;
const MAX_DECLARATION_CANDIDATES = 16;
const MAX_STATEMENT = 2048;

/** The role a name suggests: `primaryKey` a key, `tokenCredential` a token credential, `connStr` a connection string… */
export function nameRole(name: string): NameRole {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (n === '') return 'unknown';
  if (n.includes('keycredential')) return 'key-credential';
  if (n.includes('resourcetoken')) return 'resource-token';
  if (/credential|tokenprovider|^creds?$|creds?$|^token$|aad/.test(n)) return 'token';
  if (/connectionstring|connstr|connstring|^conn$|^cs$|connection/.test(n)) return 'connection-string';
  if (/keyvault|partitionkey|keyspace|keyname|keytype|keyid/.test(n)) return 'unknown';
  if (/key|secret|password|passwd|pwd/.test(n)) return 'key';
  if (/endpoint|uri$|url$|host$|^uri|^url/.test(n)) return 'endpoint';
  if (/option|settings|config|cfg/.test(n)) return 'options';
  return 'unknown';
}

/** The role a declared type gives a value (`string`, `TokenCredential`, `AzureKeyCredential`…), or undefined. */
export function typeRole(type: string): NameRole | 'string' | undefined {
  const t = type.replace(/\s+/g, '').replace(/[?!]$/, '');
  if (/^(?:string|String|str|Optional\[str\])$/.test(t)) return 'string';
  if (/^(?:Azure)?(?:Named)?KeyCredential$/.test(t)) return 'key-credential';
  if (/(?:TokenCredential|Credential)$/.test(t)) return 'token';
  if (/CosmosClientOptions$/.test(t)) return 'options';
  return undefined;
}

/** The text of a string literal (its prefix and quotes removed) from the source. */
export function literalText(view: CodeView, span: Span): string {
  const raw = view.source.slice(span.start, span.end);
  const body = raw.replace(/^[@$rRbBuUfF]*/, '');
  const q = body.startsWith('"""') || body.startsWith("'''") ? 3 : 1;
  return body.slice(q, Math.max(q, body.length - q));
}

// Reads of configuration: environment variables, configuration objects and providers of every language here.
const ENV_READ = /\bprocess\s*\.\s*env\b|\bimport\s*\.\s*meta\s*\.\s*env\b|\bDeno\s*\.\s*env\b|\benviron\b|\bgetenv\b|\bGetEnvironmentVariable\b/;
const CONFIG_READ = /\b(?:[Cc]onfig(?:uration)?|[Ss]ettings|[Pp]roperties|[Ee]nv(?:ironment)?|secrets|GetConnectionString|GetValue|GetSection|getProperty|getRequiredProperty|get_secret|getSecret)\b/;
const CALL = /^(?:await\s+)?(?:new\s+)?((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)\s*(?:<[^<>]{0,200}>)?\s*\(/;

/** The name an expression reads: the last identifier, or the text of a string it indexes with (`config["Cosmos:Key"]`). */
function nameOf(view: CodeView, span: Span, counter: OpCounter): string {
  const { code } = view;
  let j = span.end - 1;
  while (j >= span.start && (isSpace(code.charCodeAt(j)) || code.charCodeAt(j) === 41 || code.charCodeAt(j) === 93 || code.charCodeAt(j) === 40)) {
    j--;
    counter.ops++;
  }
  if (j >= span.start && code.charCodeAt(j) === 34) {
    let open = j - 1;
    while (open >= span.start && code.charCodeAt(open) !== 34) { open--; counter.ops++; }
    if (open >= span.start) return literalText(view, { start: open, end: j + 1 });
  }
  let s = j;
  while (s >= span.start && isIdentCode(code.charCodeAt(s))) { s--; counter.ops++; }
  const name = code.slice(s + 1, j + 1);
  // `props.getKey()`, `GetConnectionString("x")`: a getter names what it gets.
  return name.replace(/^(?:get|Get|get_)(?=[A-Z_])/, '') || name;
}

/** Classifies an argument expression. */
export function classifyValue(view: CodeView, raw: Span, counter: OpCounter): ValueShape {
  const { code } = view;
  const span = trimSpan(code, raw);
  if (span.end <= span.start) return { kind: 'unknown' };
  counter.ops += span.end - span.start;
  if (isSingleString(code, span, counter)) {
    // A Python f-string with a replacement field is built at run time, not written out.
    const formatted = view.language === 'python' && /^[rRbB]?[fF]/.test(view.source.slice(span.start, span.start + 2)) && view.source.slice(span.start, span.end).includes('{');
    return { kind: 'string', source: formatted ? 'variable' : 'literal', literal: span };
  }
  const text = code.slice(span.start, span.end);
  const first = text.charCodeAt(0);
  if (first === 123 /* { */) return { kind: 'object', span };
  if (first === 91 /* [ */) return { kind: 'list' };
  const call = CALL.exec(text);
  if (call) {
    const callee = call[2]!;
    if (/^Azure(?:Named)?KeyCredential$/.test(callee)) return { kind: 'key-credential' };
    if (/Credential(?:Builder)?$/.test(callee) || callee === 'DefaultAzureCredential') return { kind: 'token-credential' };
    if (callee === 'CosmosClientOptions') return { kind: 'options' };
    if (/^(?:List|Collection|ReadOnlyCollection|HashSet)$/.test(callee) && /^new\b/.test(text)) return { kind: 'list' };
  }
  if (/^new\s*\(\s*\)/.test(text)) return { kind: 'options' }; // C#'s target-typed `new()`: options, never a key
  if (/^new\s*(?:\w+\s*)?\[\s*\]|^new\s+(?:[\w.]+\.)?(?:I?List|I?ReadOnlyList|Collection|ReadOnlyCollection|HashSet)\s*</.test(text)) return { kind: 'list' };
  const envRead = ENV_READ.test(text);
  const configRead = envRead || CONFIG_READ.test(text);
  const name = nameOf(view, span, counter);
  const role = /GetConnectionString\s*\(/.test(text) ? 'connection-string' : nameRole(name);
  if (!configRead && (first === 34 || (containsString(code, span, counter) && /"\s*\+|\+\s*"/.test(text)))) {
    return { kind: 'string', source: 'variable' }; // a template with holes, or a concatenation
  }
  const plain = /^[A-Za-z_$][\w$]*$/.test(text);
  return { kind: 'reference', name, role, source: configRead ? 'configuration' : 'variable', plain, stringValued: envRead };
}

/** What a declaration of a name says: its declared type and the value assigned, when the file shows them. */
export interface Declaration {
  readonly type?: string;
  readonly value?: Span;
}

const NOT_TYPES = new Set(['return', 'new', 'await', 'yield', 'throw', 'case', 'in', 'of', 'else', 'do', 'typeof', 'is', 'as', 'not', 'and', 'or', 'if', 'elif', 'while']);

/**
 * The nearest declaration of `name` before `before`: `const name = …`, `string name = …`, `name: str = …`,
 * `TokenCredential name` (a parameter). Looks at most DECLARATION_WINDOW characters back and at the
 * MAX_DECLARATION_CANDIDATES nearest occurrences.
 */
export function findDeclaration(view: CodeView, name: string, before: number, counter: OpCounter): Declaration | undefined {
  const { code } = view;
  const floor = Math.max(0, before - DECLARATION_WINDOW);
  let candidates = 0;
  let j = before - 1;
  while (j >= floor && candidates < MAX_DECLARATION_CANDIDATES) {
    counter.ops++;
    if (!isIdentCode(code.charCodeAt(j)) || (j + 1 < code.length && isIdentCode(code.charCodeAt(j + 1)))) { j--; continue; }
    let s = j;
    while (s > floor && isIdentCode(code.charCodeAt(s - 1))) { s--; counter.ops++; }
    if (j + 1 - s === name.length && code.startsWith(name, s)) {
      candidates++;
      const found = declarationAt(view, s, s + name.length, counter);
      if (found) return found;
    }
    j = s - 1;
  }
  return undefined;
}

function declarationAt(view: CodeView, start: number, end: number, counter: OpCounter): Declaration | undefined {
  const { code } = view;
  const prev = previousNonSpace(code, start, counter);
  if (prev >= 0 && code.charCodeAt(prev) === 46 /* . */) return undefined;
  let typeBefore: string | undefined;
  if (prev >= 0 && isIdentCode(code.charCodeAt(prev))) {
    let s = prev;
    while (s > 0 && prev - s < 128 && isIdentCode(code.charCodeAt(s - 1))) s--;
    const word = code.slice(s, prev + 1);
    if (NOT_TYPES.has(word)) return undefined;
    if (!['const', 'let', 'var', 'final', 'val', 'readonly', 'private', 'public', 'static'].includes(word)) typeBefore = word;
  }
  let at = skipSpaces(code, end, counter);
  if (at < 0) return undefined;
  let typeAfter: string | undefined;
  if (code.charCodeAt(at) === 58 /* : */ && code.charCodeAt(at + 1) !== 58) {
    // `name: Type = value` (TypeScript, Python): the annotation runs to `=` on the same line.
    let e = at + 1;
    while (e < code.length && e - at < 200 && !/[=\n;,)]/.test(code[e]!)) e++;
    typeAfter = code.slice(at + 1, e).trim();
    at = e;
  }
  const type = typeAfter ?? typeBefore;
  const c = code.charCodeAt(at);
  if (c === 61 /* = */ && code.charCodeAt(at + 1) !== 61 && code.charCodeAt(at + 1) !== 62) {
    const value = statementAfter(view, at + 1, counter);
    return value ? { ...(type ? { type } : {}), value } : undefined;
  }
  if ((c === 44 || c === 41) && type) return { type }; // a typed parameter
  return undefined;
}

/** The expression from `from` to the end of its statement: `;`, or a line break at depth 0 in JavaScript and Python. */
function statementAfter(view: CodeView, from: number, counter: OpCounter): Span | undefined {
  const { code } = view;
  const lineEnds = view.language === 'python' || view.language === 'javascript' || view.language === 'typescript';
  let depth = 0;
  const start = skipSpaces(code, from, counter);
  if (start < 0) return undefined;
  const limit = Math.min(code.length, start + MAX_STATEMENT);
  for (let j = start; j < limit; j++) {
    counter.ops++;
    const c = code.charCodeAt(j);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (depth === 0) return trimSpan(code, { start, end: j });
      depth--;
    } else if (depth === 0 && (c === 59 || c === 44 || (lineEnds && c === 10))) return trimSpan(code, { start, end: j });
  }
  return limit === code.length ? trimSpan(code, { start, end: limit }) : undefined;
}

/** Whether a whitespace gap is small enough to be one statement (keeps every look-around bounded). */
export function withinGap(from: number, to: number): boolean {
  return to - from <= MAX_GAP;
}

/** Where a value comes from: a plain name is followed to its declaration (one step). */
export function sourceOfValue(view: CodeView, span: Span, before: number, counter: OpCounter): ValueSource {
  const shape = classifyValue(view, span, counter);
  if (shape.kind === 'string') return shape.source;
  if (shape.kind !== 'reference') return 'variable';
  if (shape.plain) {
    const declared = findDeclaration(view, shape.name, before, counter);
    const inner = declared?.value ? classifyValue(view, declared.value, counter) : undefined;
    if (inner?.kind === 'string' || inner?.kind === 'reference') return inner.source;
  }
  return shape.source;
}
