// `Microsoft.Azure.Cosmos` in C#: `new CosmosClient(connectionString[, options])`, `new CosmosClient(endpoint,
// authKey[, options])`, an `AzureKeyCredential`, the same through `new CosmosClientBuilder(…)`,
// `CosmosClient.CreateAndInitializeAsync(…)` and target-typed `CosmosClient c = new(…)` authenticate with the
// account key; a `TokenCredential` does not. The rewrite passes `new DefaultAzureCredential()` (`Azure.Identity`).
import { type TextEdit } from '../remediation/textEdit';
import { MAX_CALL, takeSiblingLookup, wordOccurrences, type AnalysisContext } from './analysisContext';
import { identifierAt, isWordAt, keywordBefore, matchingClose, previousNonSpace, skipSpaces, splitTopLevel, type Span } from './codeSyntax';
import { keylessRewrite, NO_REWRITE, type CredentialForm, type KeyBasedClient } from './keyBasedClient';
import { endpointLiteral, lineAfter, siblingEndpointRead } from './sourceEdits';
import { classifyValue, findDeclaration, sourceOfValue, typeRole, type ValueShape } from './valueShape';

const REPLACEMENT = 'new DefaultAzureCredential()';
const MAX_DIRECTIVES = 512;

interface Directives {
  cosmos: boolean;
  identity: boolean;
  /** The first `using Microsoft.Azure.Cosmos…;` directive: where `using Azure.Identity;` goes, and whether it is global. */
  anchor?: { readonly end: number; readonly global: boolean };
}

type Kind = 'ctor' | 'builder' | 'factory';

interface Argument {
  readonly name?: string;
  readonly span: Span;
  readonly value: Span;
}

interface Call {
  readonly kind: Kind;
  readonly span: Span;
  readonly args: Argument[];
}

function directives(ctx: AnalysisContext): Directives {
  const { code } = ctx.view;
  const found: Directives = { cosmos: false, identity: false };
  let n = 0;
  for (const p of wordOccurrences(ctx, 'using')) {
    if (++n > MAX_DIRECTIVES) break;
    const m = /^using\s+(?:static\s+)?(?:\w+\s*=\s*)?([\w.]+)\s*;/.exec(code.slice(p, p + 200));
    if (!m) continue;
    ctx.counter.ops += 200;
    const ns = m[1]!;
    if (ns === 'Azure.Identity') found.identity = true;
    if (ns === 'Microsoft.Azure.Cosmos' || ns === 'Microsoft.Azure.Cosmos.Fluent') {
      found.cosmos = true;
      found.anchor ??= { end: p + m[0].length, global: keywordBefore(code, p, 'global', ctx.counter) >= 0 };
    }
  }
  return found;
}

export function findCSharpClients(ctx: AnalysisContext): KeyBasedClient[] {
  const found: KeyBasedClient[] = [];
  const using = directives(ctx);
  for (const call of calls(ctx, using)) {
    const client = analyse(ctx, call, using);
    if (client) found.push(client);
  }
  return found.sort((a, b) => a.start - b.start);
}

function* calls(ctx: AnalysisContext, using: Directives): Generator<Call> {
  const { code } = ctx.view;
  const { counter } = ctx;
  const callAt = (kind: Kind, start: number, open: number): Call | undefined => {
    if (open < 0 || code.charCodeAt(open) !== 40) return undefined;
    ctx.constructionsLeft--; // every attempt counts: one that never closes costs a full read
    const close = matchingClose(code, open, MAX_CALL, counter);
    if (close < 0) return undefined;
    const args = splitTopLevel(code, open + 1, close, 44, counter).map((span): Argument => {
      const named = /^([A-Za-z_]\w*)\s*:(?!:)\s*/.exec(code.slice(span.start, Math.min(span.end, span.start + 128)));
      return named ? { name: named[1]!, span, value: { start: span.start + named[0].length, end: span.end } } : { span, value: span };
    });
    return { kind, span: { start, end: close + 1 }, args };
  };
  for (const type of ['CosmosClient', 'CosmosClientBuilder'] as const) {
    for (const p of wordOccurrences(ctx, type)) {
      // `Microsoft.Azure.Cosmos.CosmosClient` is the SDK's wherever it is; an unqualified name only with its using.
      let start = p;
      const dot = previousNonSpace(code, p, counter);
      if (dot >= 0 && code.charCodeAt(dot) === 46) {
        const qualified = /(?:global::)?Microsoft\s*\.\s*Azure\s*\.\s*Cosmos\s*\.\s*(?:Fluent\s*\.\s*)?$/.exec(code.slice(Math.max(0, p - 96), p));
        if (!qualified) continue;
        start = p - qualified[0].length;
      } else if (!using.cosmos) continue;
      const end = p + type.length;
      const newAt = keywordBefore(code, start, 'new', counter);
      if (newAt >= 0) {
        const c = callAt(type === 'CosmosClient' ? 'ctor' : 'builder', newAt, skipSpaces(code, end, counter));
        if (c) yield c;
        continue;
      }
      let at = skipSpaces(code, end, counter);
      if (at >= 0 && code.charCodeAt(at) === 46 && type === 'CosmosClient') {
        const nameAt = skipSpaces(code, at + 1, counter);
        if (nameAt >= 0 && isWordAt(code, nameAt, 'CreateAndInitializeAsync')) {
          const c = callAt('factory', start, skipSpaces(code, nameAt + 'CreateAndInitializeAsync'.length, counter));
          if (c) yield c;
        }
        continue;
      }
      // Target-typed: `CosmosClient client = new(…)`.
      if (at >= 0 && code.charCodeAt(at) === 63 /* ? */) at = skipSpaces(code, at + 1, counter);
      if (at < 0) continue;
      const variable = identifierAt(code, at, counter);
      const eq = variable ? skipSpaces(code, at + variable.length, counter) : -1;
      if (eq < 0 || code.charCodeAt(eq) !== 61 || code.charCodeAt(eq + 1) === 61) continue;
      const targetNew = skipSpaces(code, eq + 1, counter);
      if (targetNew < 0 || !isWordAt(code, targetNew, 'new')) continue;
      const c = callAt(type === 'CosmosClient' ? 'ctor' : 'builder', targetNew, skipSpaces(code, targetNew + 3, counter));
      if (c) yield c;
    }
  }
}

type Role = 'string' | 'key-credential' | 'token' | 'options' | 'list' | 'unknown';

function roleOf(ctx: AnalysisContext, shape: ValueShape, at: number, depth = 0): Role {
  switch (shape.kind) {
    case 'string': return 'string';
    case 'key-credential': return 'key-credential';
    case 'token-credential': return 'token';
    case 'options': return 'options';
    case 'list': return 'list';
    case 'reference': {
      if (shape.role === 'token' || shape.role === 'resource-token') return 'token';
      if (shape.role === 'key-credential') return 'key-credential';
      if (shape.role === 'options') return 'options';
      if (shape.stringValued || shape.role === 'key' || shape.role === 'connection-string' || shape.role === 'endpoint') return 'string';
      if (/container/i.test(shape.name)) return 'list';
      if (!shape.plain || depth > 0) return 'unknown';
      const declared = findDeclaration(ctx.view, shape.name, at, ctx.counter);
      const typed = declared?.type !== undefined ? typeRole(declared.type) : undefined;
      if (typed === 'string' || typed === 'key-credential' || typed === 'token' || typed === 'options') return typed;
      return declared?.value ? roleOf(ctx, classifyValue(ctx.view, declared.value, ctx.counter), at, depth + 1) : 'unknown';
    }
    default: return 'unknown';
  }
}

function analyse(ctx: AnalysisContext, call: Call, using: Directives): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const role = (arg: Argument | undefined): Role => (arg ? roleOf(ctx, classifyValue(view, arg.value, counter), call.span.start) : 'unknown');
  const named = (...names: string[]): Argument | undefined => call.args.find((a) => a.name !== undefined && names.includes(a.name));
  const positional = call.args.filter((a) => a.name === undefined);
  const credential = credentialExpression(view.source, using);
  const base = (form: CredentialForm, value: Argument) => ({
    language: view.language, credential: form, source: sourceOfValue(view, value.value, call.span.start, counter), start: call.span.start, end: call.span.end,
  });
  const replaceKey = (form: CredentialForm, arg: Argument): KeyBasedClient => ({
    ...base(form, arg),
    rewrite: keylessRewrite('csharp', REPLACEMENT, [{ start: arg.span.start, end: arg.span.end, text: arg.name ? `tokenCredential: ${credential.expression}` : credential.expression }], credential.importEdit),
  });

  if (call.args.some((a) => a.name !== undefined)) {
    if (named('tokenCredential')) return undefined;
    const key = named('authKeyOrResourceToken');
    if (key) return replaceKey('account-key', key);
    const keyCredential = named('authKeyOrResourceTokenCredential');
    if (keyCredential) return replaceKey('key-credential', keyCredential);
    const conn = named('connectionString');
    return conn ? { ...base('connection-string', conn), noRewriteReason: NO_REWRITE.unusual } : undefined;
  }
  const [first, second] = positional;
  if (!first) return undefined;
  const secondRole = second ? role(second) : undefined;
  if (secondRole === 'token') return undefined;
  if (second && (secondRole === 'string' || secondRole === 'key-credential')) {
    return replaceKey(secondRole === 'key-credential' ? 'key-credential' : 'account-key', second);
  }
  const connectionForm = second === undefined ? call.kind !== 'factory' : secondRole === 'options' || (call.kind === 'factory' && secondRole === 'list');
  if (!connectionForm) return undefined;
  const firstRole = role(first);
  if (firstRole === 'token' || firstRole === 'options' || firstRole === 'list') return undefined;
  const shape = classifyValue(view, first.value, counter);
  const client = base('connection-string', first);
  let endpoint: string | undefined;
  if (shape.kind === 'string' && shape.literal) endpoint = endpointLiteral(view, shape.literal, '"');
  else if (shape.kind === 'reference' && shape.plain) {
    const declared = findDeclaration(view, shape.name, call.span.start, counter);
    const inner = declared?.value ? classifyValue(view, declared.value, counter) : undefined;
    if (inner?.kind === 'string' && inner.literal) endpoint = endpointLiteral(view, inner.literal, '"');
    else if (declared?.value && takeSiblingLookup(ctx)) endpoint = siblingEndpointRead(view, declared.value, call.span);
  } else if (takeSiblingLookup(ctx)) endpoint = siblingEndpointRead(view, first.value, call.span);
  if (!endpoint) return { ...client, noRewriteReason: NO_REWRITE.endpoint };
  return { ...client, rewrite: keylessRewrite('csharp', REPLACEMENT, [{ start: first.span.start, end: first.span.end, text: `${endpoint}, ${credential.expression}` }], credential.importEdit) };
}

/** `new DefaultAzureCredential()` with `using Azure.Identity;` (added next to the Cosmos using), or fully qualified. */
function credentialExpression(source: string, using: Directives): { expression: string; importEdit?: TextEdit } {
  if (using.identity) return { expression: REPLACEMENT };
  if (!using.anchor) return { expression: 'new Azure.Identity.DefaultAzureCredential()' };
  return { expression: REPLACEMENT, importEdit: lineAfter(source, using.anchor.end, `${using.anchor.global ? 'global ' : ''}using Azure.Identity;`) };
}
