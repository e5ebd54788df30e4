// Which names of a JavaScript/TypeScript file are `@azure/cosmos`'s CosmosClient (`import { CosmosClient as C }`,
// `import * as cosmos`, `const { CosmosClient } = require(…)`), which are `@azure/identity`'s
// DefaultAzureCredential, and how to import the latter when it is missing. Only module specifiers written as one
// string literal in an import, require() or import() count: a file that merely mentions the package does not.
import { type TextEdit } from '../remediation/textEdit';
import { identifierAt, isWordAt, keywordBefore, matchingClose, previousNonSpace, skipSpaces, splitTopLevel, type OpCounter } from './codeSyntax';
import { type CodeView } from './codeView';
import { lineAfter } from './sourceEdits';

/** How a module was brought in: its local names for one export, its namespace names, and the statement's shape. */
export interface ModuleBinding {
  /** Local names of the export asked for (`CosmosClient`, or its alias). */
  readonly names: string[];
  /** Names bound to the whole module (`import * as cosmos`, `const cosmos = require(…)`). */
  readonly namespaces: string[];
  /** The first import of the module: its style, quote, whether it ends with `;`, and where it ends. */
  statement?: { readonly style: 'esm' | 'cjs' | 'dynamic'; readonly quote: string; readonly semicolon: boolean; readonly end: number;
    /** Where a name can be added to its `{ … }` list (before the first name), when it has one. */
    readonly listInsert?: number };
}

const MAX_SPECIFIERS = 64;
const MAX_STATEMENT = 4096;

/** How `specifier` is imported, and which local names `exportName` has. */
export function moduleBinding(view: CodeView, specifier: string, exportName: string, counter: OpCounter): ModuleBinding {
  const { code, source } = view;
  const binding: ModuleBinding = { names: [], namespaces: [] };
  let seen = 0;
  for (let p = source.indexOf(specifier); p >= 0 && seen < MAX_SPECIFIERS; p = source.indexOf(specifier, p + 1)) {
    seen++;
    const open = p - 1, close = p + specifier.length;
    // Exactly the string literal '<specifier>': quotes around it in the source, a string in the view.
    const q = source[open];
    if ((q !== "'" && q !== '"' && q !== '`') || source[close] !== q || code.charCodeAt(open) !== 34) continue;
    const before = previousNonSpace(code, open, counter);
    if (before < 0) continue;
    if (code.startsWith('from', before - 3) && isWordAt(code, before - 3, 'from')) {
      esmImport(view, before - 3, close + 1, q, exportName, binding, counter);
    } else if (code.charCodeAt(before) === 40 /* ( */) {
      const callee = before - 7 >= 0 && isWordAt(code, before - 7, 'require') ? 'require'
        : before - 6 >= 0 && isWordAt(code, before - 6, 'import') ? 'import' : undefined;
      if (callee) requireCall(view, before - callee.length, before, q, callee === 'require' ? 'cjs' : 'dynamic', exportName, binding, counter);
    }
  }
  return binding;
}

function statementEnd(code: string, after: number, counter: OpCounter): { end: number; semicolon: boolean } {
  const next = skipSpaces(code, after, counter);
  return next >= 0 && code.charCodeAt(next) === 59 ? { end: next + 1, semicolon: true } : { end: after, semicolon: false };
}

function esmImport(view: CodeView, fromAt: number, specifierEnd: number, quote: string, exportName: string, binding: ModuleBinding, counter: OpCounter): void {
  const { code } = view;
  let importAt = -1;
  for (let j = fromAt - 1; j >= 0 && fromAt - j < MAX_STATEMENT; j--) {
    counter.ops++;
    if (code.charCodeAt(j) === 59 /* ; */) break;
    if (code.charCodeAt(j) === 105 /* i */ && isWordAt(code, j, 'import')) { importAt = j; break; }
  }
  if (importAt < 0) return;
  const clause = code.slice(importAt + 6, fromAt).trim();
  if (/^type\b/.test(clause)) return;
  const ns = /\*\s*as\s+([A-Za-z_$][\w$]*)/.exec(clause);
  if (ns) binding.namespaces.push(ns[1]!);
  const defaultName = /^([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
  if (defaultName) binding.namespaces.push(defaultName[1]!); // a CommonJS module's default import is the module
  let braceAt = -1;
  for (let j = importAt; j < fromAt && braceAt < 0; j++) if (code.charCodeAt(j) === 123 /* { */) braceAt = j;
  counter.ops += fromAt - importAt;
  let listInsert: number | undefined;
  if (braceAt > importAt) {
    const close = matchingClose(code, braceAt, fromAt - braceAt + 1, counter);
    if (close > 0) {
      const names = splitTopLevel(code, braceAt + 1, close, 44, counter);
      if (names[0]) listInsert = names[0].start;
      for (const n of names) {
        const m = /^(?:type\s+)?([A-Za-z_$][\w$]*)(?:\s+as\s+([A-Za-z_$][\w$]*))?$/.exec(code.slice(n.start, n.end));
        if (m && m[1] === exportName && !/^type\s/.test(code.slice(n.start, n.end))) binding.names.push(m[2] ?? m[1]);
      }
    }
  }
  const { end, semicolon } = statementEnd(code, specifierEnd, counter);
  binding.statement ??= { style: 'esm', quote, semicolon, end, ...(listInsert !== undefined ? { listInsert } : {}) };
}

function requireCall(view: CodeView, calleeAt: number, openParen: number, quote: string, style: 'cjs' | 'dynamic', exportName: string,
  binding: ModuleBinding, counter: OpCounter): void {
  const { code } = view;
  const close = matchingClose(code, openParen, MAX_STATEMENT, counter);
  if (close < 0) return;
  // `require('m').CosmosClient` binds the export itself.
  let after = skipSpaces(code, close + 1, counter);
  let member: string | undefined;
  if (after >= 0 && code.charCodeAt(after) === 46 /* . */) {
    const nameAt = skipSpaces(code, after + 1, counter);
    member = nameAt >= 0 ? identifierAt(code, nameAt, counter) : undefined;
    after = nameAt >= 0 ? nameAt + (member?.length ?? 0) : after;
  }
  let lhsEnd = calleeAt;
  const awaitAt = keywordBefore(code, lhsEnd, 'await', counter);
  if (awaitAt >= 0) lhsEnd = awaitAt;
  const eq = previousNonSpace(code, lhsEnd, counter);
  if (eq < 0 || code.charCodeAt(eq) !== 61 /* = */) return;
  const lhsLast = previousNonSpace(code, eq, counter);
  if (lhsLast < 0) return;
  let listInsert: number | undefined;
  if (code.charCodeAt(lhsLast) === 125 /* } */ && member === undefined) {
    let depth = 0, open = -1;
    for (let j = lhsLast; j >= 0 && lhsLast - j < MAX_STATEMENT; j--) {
      counter.ops++;
      const c = code.charCodeAt(j);
      if (c === 125) depth++;
      else if (c === 123 && --depth === 0) { open = j; break; }
    }
    if (open < 0) return;
    const names = splitTopLevel(code, open + 1, lhsLast, 44, counter);
    if (names[0]) listInsert = names[0].start;
    for (const n of names) {
      const m = /^([A-Za-z_$][\w$]*)(?:\s*:\s*([A-Za-z_$][\w$]*))?(?:\s*=.*)?$/s.exec(code.slice(n.start, n.end));
      if (m && m[1] === exportName) binding.names.push(m[2] ?? m[1]);
    }
  } else {
    let s = lhsLast + 1;
    while (s > 0 && lhsLast - s < 256 && /[\w$]/.test(code[s - 1]!)) s--;
    const name = code.slice(s, lhsLast + 1);
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return;
    if (member === undefined) binding.namespaces.push(name);
    else if (member === exportName) binding.names.push(name);
  }
  const { end, semicolon } = statementEnd(code, Math.max(close + 1, after), counter);
  binding.statement ??= { style, quote, semicolon, end, ...(listInsert !== undefined ? { listInsert } : {}) };
}

/** How the rewrite refers to DefaultAzureCredential, and the import edit that makes it available (if needed). */
export interface CredentialReference {
  readonly expression: string;
  readonly importEdit?: TextEdit;
}

/**
 * `new DefaultAzureCredential()` through the file's existing `@azure/identity` import, or an import added next to
 * the `@azure/cosmos` one in the same style (ES import or require, same quotes and semicolons). Undefined when the
 * cosmos import is a dynamic `import()` (no safe place for a static import).
 */
export function defaultCredentialReference(view: CodeView, cosmos: ModuleBinding, identity: ModuleBinding): CredentialReference | undefined {
  const local = identity.names[0];
  if (local) return { expression: `new ${local}()` };
  const ns = identity.namespaces[0];
  if (ns) return { expression: `new ${ns}.DefaultAzureCredential()` };
  const expression = 'new DefaultAzureCredential()';
  if (identity.statement?.listInsert !== undefined && identity.statement.style !== 'dynamic') {
    return { expression, importEdit: { start: identity.statement.listInsert, end: identity.statement.listInsert, text: 'DefaultAzureCredential, ' } };
  }
  const s = cosmos.statement;
  if (!s || s.style === 'dynamic') return undefined;
  const q = s.quote === '`' ? "'" : s.quote;
  const line = s.style === 'esm'
    ? `import { DefaultAzureCredential } from ${q}@azure/identity${q}${s.semicolon ? ';' : ''}`
    : `const { DefaultAzureCredential } = require(${q}@azure/identity${q})${s.semicolon ? ';' : ''}`;
  return { expression, importEdit: lineAfter(view.source, s.end, line) };
}
