// `com.azure:azure-cosmos` in Java: a `new CosmosClientBuilder()` chain with `.key(key)` or
// `.credential(new AzureKeyCredential(key))` authenticates with the account key; `.credential(tokenCredential)`
// does not. The rewrite makes the key setter `.credential(new DefaultAzureCredentialBuilder().build())`
// (`com.azure.identity`).
import { type TextEdit } from '../remediation/textEdit';
import { MAX_CALL, wordOccurrences, type AnalysisContext } from './analysisContext';
import { identifierAt, keywordBefore, matchingClose, previousNonSpace, skipSpaces, splitTopLevel, type Span } from './codeSyntax';
import { keylessRewrite, NO_REWRITE, type KeyBasedClient } from './keyBasedClient';
import { lineAfter } from './sourceEdits';
import { classifyValue, findDeclaration, sourceOfValue, typeRole } from './valueShape';

const BUILDER = 'new DefaultAzureCredentialBuilder().build()';
const MAX_CHAIN_CALLS = 64;
const MAX_IMPORTS = 512;

interface Imports {
  cosmos: boolean;
  identity: boolean;
  /** End of the last `import com.azure.cosmos…;`: the identity import goes on the line after it, keeping the order. */
  anchorEnd?: number;
}

interface ChainCall {
  readonly name: string;
  readonly nameAt: number;
  readonly args: Span[];
  /** The parenthesised argument list, `(` to `)` inclusive. */
  readonly open: number;
  readonly close: number;
}

function imports(ctx: AnalysisContext): Imports {
  const { code } = ctx.view;
  const found: Imports = { cosmos: false, identity: false };
  let n = 0;
  for (const p of wordOccurrences(ctx, 'import')) {
    if (++n > MAX_IMPORTS) break;
    const m = /^import\s+([\w.]+(?:\.\*)?)\s*;/.exec(code.slice(p, p + 200));
    ctx.counter.ops += 200;
    if (!m) continue;
    const name = m[1]!;
    if (name.startsWith('com.azure.cosmos.')) {
      found.cosmos = true;
      found.anchorEnd = p + m[0].length;
    }
    if (name === 'com.azure.identity.*' || name === 'com.azure.identity.DefaultAzureCredentialBuilder') found.identity = true;
  }
  return found;
}

export function findJavaClients(ctx: AnalysisContext): KeyBasedClient[] {
  const { view, counter } = ctx;
  const { code } = view;
  const imported = imports(ctx);
  const found: KeyBasedClient[] = [];
  for (const p of wordOccurrences(ctx, 'CosmosClientBuilder')) {
    let start = p;
    const dot = previousNonSpace(code, p, counter);
    if (dot >= 0 && code.charCodeAt(dot) === 46) {
      const qualified = /com\s*\.\s*azure\s*\.\s*cosmos\s*\.\s*$/.exec(code.slice(Math.max(0, p - 64), p));
      if (!qualified) continue;
      start = p - qualified[0].length;
    } else if (!imported.cosmos) continue;
    const newAt = keywordBefore(code, start, 'new', counter);
    const open = skipSpaces(code, p + 'CosmosClientBuilder'.length, counter);
    if (newAt < 0 || open < 0 || code.charCodeAt(open) !== 40) continue;
    ctx.constructionsLeft--; // every attempt counts: one that never closes costs a full read
    const close = matchingClose(code, open, MAX_CALL, counter);
    if (close < 0) continue;
    const chain = chainAfter(ctx, close + 1);
    const client = analyse(ctx, { start: newAt, end: (chain[chain.length - 1]?.close ?? close) + 1 }, chain, imported);
    if (client) found.push(client);
  }
  return found;
}

/** The `.name(args)` calls chained after the builder, up to the first thing that is not one. */
function chainAfter(ctx: AnalysisContext, from: number): ChainCall[] {
  const { code } = ctx.view;
  const { counter } = ctx;
  const calls: ChainCall[] = [];
  let j = from;
  while (calls.length < MAX_CHAIN_CALLS) {
    const dot = skipSpaces(code, j, counter);
    if (dot < 0 || code.charCodeAt(dot) !== 46) break;
    const nameAt = skipSpaces(code, dot + 1, counter);
    const name = nameAt >= 0 ? identifierAt(code, nameAt, counter) : '';
    if (!name) break;
    const open = skipSpaces(code, nameAt + name.length, counter);
    if (open < 0 || code.charCodeAt(open) !== 40) break;
    const close = matchingClose(code, open, MAX_CALL, counter);
    if (close < 0 || close - from > 2 * MAX_CALL) break;
    calls.push({ name, nameAt, open, close, args: splitTopLevel(code, open + 1, close, 44, counter) });
    j = close + 1;
  }
  return calls;
}

type CredentialRole = 'key-credential' | 'token' | 'unknown';

function credentialRole(ctx: AnalysisContext, arg: Span, at: number): CredentialRole {
  const { view, counter } = ctx;
  const shape = classifyValue(view, arg, counter);
  if (shape.kind === 'key-credential') return 'key-credential';
  if (shape.kind === 'token-credential') return 'token';
  if (shape.kind !== 'reference') return 'unknown';
  if (shape.role === 'key-credential') return 'key-credential';
  if (!shape.plain) return shape.role === 'token' ? 'token' : 'unknown';
  const declared = findDeclaration(view, shape.name, at, counter);
  const typed = declared?.type !== undefined ? typeRole(declared.type) : undefined;
  if (typed === 'key-credential' || typed === 'token') return typed;
  if (declared?.value) {
    const inner = classifyValue(view, declared.value, counter);
    if (inner.kind === 'key-credential') return 'key-credential';
    if (inner.kind === 'token-credential') return 'token';
  }
  return shape.role === 'token' ? 'token' : 'unknown';
}

/** The first argument of `new AzureKeyCredential(x)` inside `arg`, for where the key comes from. */
function innerArgument(ctx: AnalysisContext, arg: Span): Span | undefined {
  const { code } = ctx.view;
  for (let j = arg.start; j < arg.end; j++) {
    if (code.charCodeAt(j) !== 40) continue;
    const close = matchingClose(code, j, arg.end - j, ctx.counter);
    return close > 0 ? splitTopLevel(code, j + 1, close, 44, ctx.counter)[0] : undefined;
  }
  return undefined;
}

function analyse(ctx: AnalysisContext, span: Span, chain: ChainCall[], imported: Imports): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const keys = chain.filter((c) => c.name === 'key' && c.args.length === 1);
  const credentials = chain.filter((c) => c.name === 'credential' && c.args.length === 1).map((c) => ({ call: c, role: credentialRole(ctx, c.args[0]!, span.start) }));
  const keyCredentials = credentials.filter((c) => c.role === 'key-credential');
  const first = keys[0] ?? keyCredentials[0]?.call;
  if (!first) return undefined;
  const isKey = first.name === 'key';
  const value = isKey ? first.args[0] : innerArgument(ctx, first.args[0]!);
  const base = {
    language: view.language, credential: isKey ? 'account-key' as const : 'key-credential' as const,
    source: value ? sourceOfValue(view, value, span.start, counter) : 'variable' as const, start: span.start, end: span.end,
  };
  if (keys.length + keyCredentials.length !== 1 || credentials.length > keyCredentials.length) return { ...base, noRewriteReason: NO_REWRITE.mixed };
  const { expression, importEdit } = builderExpression(view.source, imported);
  const edit: TextEdit = isKey
    ? { start: first.nameAt, end: first.close + 1, text: `credential(${expression})` }
    : { start: first.args[0]!.start, end: first.args[0]!.end, text: expression };
  return { ...base, rewrite: keylessRewrite('java', `.credential(${BUILDER})`, [edit], importEdit) };
}

function builderExpression(source: string, imported: Imports): { expression: string; importEdit?: TextEdit } {
  if (imported.identity) return { expression: BUILDER };
  if (imported.anchorEnd === undefined) return { expression: 'new com.azure.identity.DefaultAzureCredentialBuilder().build()' };
  return { expression: BUILDER, importEdit: lineAfter(source, imported.anchorEnd, 'import com.azure.identity.DefaultAzureCredentialBuilder;') };
}
