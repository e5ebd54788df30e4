// `azure-cosmos` in Python: `CosmosClient(url, credential=key)`, `CosmosClient(url, key)`, a
// `{'masterKey': key}` dict, and `CosmosClient.from_connection_string(conn)` authenticate with the account key;
// a TokenCredential (`DefaultAzureCredential()`, `credential` built from one) does not. The rewrite passes
// `DefaultAzureCredential()` (from `azure.identity`, or `azure.identity.aio` for the asynchronous client).
import { type TextEdit } from '../remediation/textEdit';
import { MAX_CALL, takeSiblingLookup, wordOccurrences, type AnalysisContext } from './analysisContext';
import { matchingClose, previousNonSpace, skipSpaces, splitTopLevel, stringEnd, type Span } from './codeSyntax';
import { keylessRewrite, NO_REWRITE, type KeyBasedClient } from './keyBasedClient';
import { pythonBindings, type PythonBindings, type PythonCallee } from './pythonImports';
import { endpointLiteral, lineAfter, siblingEndpointRead } from './sourceEdits';
import { classifyValue, findDeclaration, literalText, sourceOfValue, typeRole, type ValueShape } from './valueShape';

const REPLACEMENT = 'credential=DefaultAzureCredential()';

interface Argument {
  readonly keyword?: string;
  /** The whole argument, `credential=key` included. */
  readonly span: Span;
  readonly value: Span;
}

interface Call {
  readonly callee: PythonCallee;
  /** From the callee's first character to the closing parenthesis. */
  readonly span: Span;
  /** The callee as written (`CosmosClient`, `cosmos.CosmosClient`). */
  readonly calleeText: string;
  readonly factory: boolean;
  readonly args: Argument[];
}

export function findPythonClients(ctx: AnalysisContext): KeyBasedClient[] {
  const { view, counter } = ctx;
  const bindings = pythonBindings(view, counter);
  if (!bindings.callees.length) return [];
  const found: KeyBasedClient[] = [];
  for (const call of calls(ctx, bindings)) {
    const client = call.factory ? fromConnectionString(ctx, call, bindings) : fromConstructor(ctx, call, bindings);
    if (client) found.push(client);
  }
  return found;
}

function* calls(ctx: AnalysisContext, bindings: PythonBindings): Generator<Call> {
  const { code } = ctx.view;
  const { counter } = ctx;
  for (const callee of bindings.callees.slice(0, 8)) {
    // A class or function of the file's own with the same name shadows the import.
    if (!callee.qualifier && new RegExp(`^[ \\t]*(?:class|def)[ \\t]+${callee.name}\\b`, 'm').test(code)) continue;
    for (const p of wordOccurrences(ctx, callee.name)) {
      const start = p - callee.qualifier.length;
      if (start < 0 || code.slice(start, p) !== callee.qualifier) continue;
      const before = start > 0 ? code.charCodeAt(start - 1) : 32;
      if (before === 46 || (callee.qualifier && /[\w.]/.test(String.fromCharCode(before)))) continue;
      const prev = previousNonSpace(code, start, counter);
      if (prev >= 0 && code.charCodeAt(prev) === 46) continue;
      let at = skipSpaces(code, p + callee.name.length, counter);
      let factory = false;
      if (at >= 0 && code.charCodeAt(at) === 46) {
        const nameAt = skipSpaces(code, at + 1, counter);
        if (nameAt < 0 || !code.startsWith('from_connection_string', nameAt)) continue;
        factory = true;
        at = skipSpaces(code, nameAt + 'from_connection_string'.length, counter);
      }
      if (at < 0 || code.charCodeAt(at) !== 40) continue;
      ctx.constructionsLeft--; // every attempt counts: one that never closes costs a full read
      const close = matchingClose(code, at, MAX_CALL, counter);
      if (close < 0) continue;
      const args = splitTopLevel(code, at + 1, close, 44, counter).map((span): Argument => {
        const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(code.slice(span.start, Math.min(span.end, span.start + 128)));
        return kw ? { keyword: kw[1]!, span, value: { start: span.start + kw[0].length, end: span.end } } : { span, value: span };
      });
      yield { callee, span: { start, end: close + 1 }, calleeText: ctx.view.source.slice(start, p + callee.name.length), factory, args };
    }
  }
}

/** The argument at `position` unless passed by keyword, or the one named `keyword`. */
function argument(args: readonly Argument[], position: number, keyword: string): Argument | undefined {
  return args.find((a) => a.keyword === keyword) ?? args.filter((a) => a.keyword === undefined)[position];
}

type Verdict = 'key' | 'not-key';

/** The value of a `{'masterKey': …}` credential dict's entry (`{'resourceTokens': …}` has none: not an account key). */
function masterKeyValue(ctx: AnalysisContext, dict: Span): Span | undefined {
  const { view, counter } = ctx;
  for (const entry of splitTopLevel(view.code, dict.start + 1, dict.end - 1, 44, counter)) {
    const keyEnd = stringEnd(view.code, entry.start, counter);
    if (keyEnd < 0 || literalText(view, { start: entry.start, end: keyEnd }) !== 'masterKey') continue;
    const colon = skipSpaces(view.code, keyEnd, counter);
    return colon >= 0 && view.code.charCodeAt(colon) === 58 ? { start: colon + 1, end: entry.end } : undefined;
  }
  return undefined;
}

/** Whether a `credential` argument is the account key. */
function credentialVerdict(ctx: AnalysisContext, shape: ValueShape, at: number, depth = 0): Verdict {
  const { view, counter } = ctx;
  switch (shape.kind) {
    case 'string': return 'key';
    case 'key-credential': return 'key';
    case 'object': return masterKeyValue(ctx, shape.span) ? 'key' : 'not-key';
    case 'reference': {
      if (shape.role === 'token' || shape.role === 'resource-token') return 'not-key';
      if (shape.role === 'key' || shape.role === 'key-credential' || shape.stringValued) return 'key';
      if (!shape.plain || depth > 0) return 'not-key';
      const declared = findDeclaration(view, shape.name, at, counter);
      if (declared?.type !== undefined) {
        const role = typeRole(declared.type);
        if (role === 'string' || role === 'key-credential') return 'key';
        if (role === 'token') return 'not-key';
      }
      return declared?.value ? credentialVerdict(ctx, classifyValue(view, declared.value, counter), at, depth + 1) : 'not-key';
    }
    default: return 'not-key';
  }
}

function fromConstructor(ctx: AnalysisContext, call: Call, bindings: PythonBindings): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const credential = argument(call.args, 1, 'credential');
  if (!credential) return undefined;
  const shape = classifyValue(view, credential.value, counter);
  if (credentialVerdict(ctx, shape, call.span.start) !== 'key') return undefined;
  const keyValue = shape.kind === 'object' ? masterKeyValue(ctx, shape.span)! : credential.value;
  const source = sourceOfValue(view, keyValue, call.span.start, counter);
  const base = { language: view.language, credential: 'account-key' as const, source, start: call.span.start, end: call.span.end };
  const ref = credentialReference(view, bindings, call.callee.async);
  return { ...base, rewrite: keylessRewrite('python', REPLACEMENT, [{ start: credential.value.start, end: credential.value.end, text: ref.expression }], ref.importEdit) };
}

function fromConnectionString(ctx: AnalysisContext, call: Call, bindings: PythonBindings): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const conn = argument(call.args, 0, 'conn_str');
  if (!conn) return undefined;
  const override = argument(call.args, 1, 'credential');
  if (override && credentialVerdict(ctx, classifyValue(view, override.value, counter), call.span.start) === 'not-key') return undefined;
  const shape = classifyValue(view, conn.value, counter);
  const source = sourceOfValue(view, conn.value, call.span.start, counter);
  const base = { language: view.language, credential: 'connection-string' as const, source, start: call.span.start, end: call.span.end };
  if (override || call.args.some((a) => a !== conn && a.keyword === undefined)) return { ...base, noRewriteReason: NO_REWRITE.unusual };
  let endpoint: string | undefined;
  if (shape.kind === 'string' && shape.literal) endpoint = endpointLiteral(view, shape.literal, 'same');
  else if (shape.kind === 'reference' && shape.plain) {
    const declared = findDeclaration(view, shape.name, call.span.start, counter);
    const inner = declared?.value ? classifyValue(view, declared.value, counter) : undefined;
    if (inner?.kind === 'string' && inner.literal) endpoint = endpointLiteral(view, inner.literal, 'same');
    else if (declared?.value && takeSiblingLookup(ctx)) endpoint = siblingEndpointRead(view, declared.value, call.span);
  } else if (takeSiblingLookup(ctx)) {
    endpoint = siblingEndpointRead(view, conn.value, call.span);
  }
  if (!endpoint) return { ...base, noRewriteReason: NO_REWRITE.endpoint };
  const ref = credentialReference(view, bindings, call.callee.async);
  const rest = call.args.filter((a) => a !== conn).map((a) => view.source.slice(a.span.start, a.span.end));
  const text = `${call.calleeText}(${[endpoint, `credential=${ref.expression}`, ...rest].join(', ')})`;
  return { ...base, rewrite: keylessRewrite('python', REPLACEMENT, [{ start: call.span.start, end: call.span.end, text }], ref.importEdit) };
}

/** `DefaultAzureCredential()` as the file can name it, with the import to add when it cannot yet. */
function credentialReference(view: AnalysisContext['view'], bindings: PythonBindings, async: boolean): { expression: string; importEdit?: TextEdit } {
  const known = async ? bindings.credential.async : bindings.credential.sync;
  if (known) return { expression: `${known}()` };
  const module = async ? 'azure.identity.aio' : 'azure.identity';
  const importEdit = bindings.cosmosImportEnd !== undefined
    ? lineAfter(view.source, bindings.cosmosImportEnd, `from ${module} import DefaultAzureCredential`) : undefined;
  return { expression: 'DefaultAzureCredential()', ...(importEdit ? { importEdit } : {}) };
}
