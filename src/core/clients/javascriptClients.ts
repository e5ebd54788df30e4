// `@azure/cosmos` in JavaScript and TypeScript: `new CosmosClient(connectionString)` and
// `new CosmosClient({ endpoint, key })` authenticate with the account key; `{ endpoint, aadCredentials }` does not.
// The rewrite puts `aadCredentials: new DefaultAzureCredential()` in place of the key (or, for a connection string,
// `{ endpoint, aadCredentials }` when the endpoint is known) and imports it from `@azure/identity`.
import { MAX_CALL, takeSiblingLookup, wordOccurrences, type AnalysisContext } from './analysisContext';
import { identifierStartBefore, keywordBefore, matchingClose, previousNonSpace, skipSpaces, splitTopLevel, stringEnd, type Span } from './codeSyntax';
import { defaultCredentialReference, moduleBinding, type CredentialReference, type ModuleBinding } from './javascriptImports';
import { keylessRewrite, NO_REWRITE, type KeyBasedClient, type ValueSource } from './keyBasedClient';
import { endpointLiteral, siblingEndpointRead } from './sourceEdits';
import { classifyValue, findDeclaration, literalText, sourceOfValue, typeRole } from './valueShape';

const REPLACEMENT = 'aadCredentials: new DefaultAzureCredential()';
/** Options that name another way to authenticate. */
const OTHER_CREDENTIALS = new Set(['aadCredentials', 'tokenProvider', 'resourceTokens', 'permissionFeed']);

interface Construction {
  readonly span: Span;
  readonly args: Span[];
}

export function findJavaScriptClients(ctx: AnalysisContext): KeyBasedClient[] {
  const { view, counter } = ctx;
  const cosmos = moduleBinding(view, '@azure/cosmos', 'CosmosClient', counter);
  if (!cosmos.names.length && !cosmos.namespaces.length) return [];
  let credential: CredentialReference | undefined | null = null;
  const credentialReference = (): CredentialReference | undefined => {
    credential ??= defaultCredentialReference(view, cosmos, moduleBinding(view, '@azure/identity', 'DefaultAzureCredential', counter)) ?? undefined;
    return credential ?? undefined;
  };
  const found: KeyBasedClient[] = [];
  for (const construction of constructions(ctx, cosmos)) {
    const client = analyse(ctx, construction, credentialReference);
    if (client) found.push(client);
  }
  return found;
}

function* constructions(ctx: AnalysisContext, cosmos: ModuleBinding): Generator<Construction> {
  const { code } = ctx.view;
  const { counter } = ctx;
  const callAt = (start: number, nameEnd: number): Construction | undefined => {
    const open = skipSpaces(code, nameEnd, counter);
    if (open < 0 || code.charCodeAt(open) !== 40) return undefined;
    ctx.constructionsLeft--; // every attempt counts: one that never closes costs a full read
    const close = matchingClose(code, open, MAX_CALL, counter);
    if (close < 0) return undefined;
    return { span: { start, end: close + 1 }, args: splitTopLevel(code, open + 1, close, 44, counter) };
  };
  for (const name of new Set(cosmos.names)) {
    for (const p of wordOccurrences(ctx, name)) {
      const prev = previousNonSpace(code, p, counter);
      if (prev >= 0 && code.charCodeAt(prev) === 46) continue; // `x.CosmosClient`: the namespace loop's
      const newAt = keywordBefore(code, p, 'new', counter);
      const c = newAt >= 0 ? callAt(newAt, p + name.length) : undefined;
      if (c) yield c;
    }
  }
  const namespaces = new Set(cosmos.namespaces);
  if (!namespaces.size) return;
  for (const p of wordOccurrences(ctx, 'CosmosClient')) {
    const dot = previousNonSpace(code, p, counter);
    if (dot < 0 || code.charCodeAt(dot) !== 46) continue;
    const nsEnd = previousNonSpace(code, dot, counter) + 1;
    const nsStart = identifierStartBefore(code, nsEnd, counter);
    if (!namespaces.has(code.slice(nsStart, nsEnd))) continue;
    const newAt = keywordBefore(code, nsStart, 'new', counter);
    const c = newAt >= 0 ? callAt(newAt, p + 'CosmosClient'.length) : undefined;
    if (c) yield c;
  }
}

function analyse(ctx: AnalysisContext, c: Construction, credential: () => CredentialReference | undefined): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const first = c.args[0];
  if (!first) return undefined;
  const shape = classifyValue(view, first, counter);
  if (shape.kind === 'object') return fromOptions(ctx, c, shape.span, true, credential);
  if (shape.kind === 'string') return connectionString(ctx, c, shape.source, shape.literal, first, credential);
  if (shape.kind !== 'reference') return undefined;
  if (!shape.plain) {
    return shape.role === 'connection-string' || shape.stringValued ? connectionString(ctx, c, shape.source, undefined, first, credential) : undefined;
  }
  // A name: what its declaration assigns decides (an options object, a string), else what its spelling says.
  const declared = findDeclaration(view, shape.name, c.span.start, counter);
  const inner = declared?.value ? classifyValue(view, declared.value, counter) : undefined;
  if (inner?.kind === 'object') return fromOptions(ctx, c, inner.span, false, credential);
  if (inner?.kind === 'string') return connectionString(ctx, c, inner.source, inner.literal, declared?.value, credential);
  if (inner?.kind === 'reference' && (inner.role === 'connection-string' || inner.stringValued || shape.role === 'connection-string')) {
    return connectionString(ctx, c, inner.source, undefined, declared?.value, credential);
  }
  if (inner === undefined && (shape.role === 'connection-string' || (declared?.type !== undefined && typeRole(declared.type) === 'string'))) {
    return connectionString(ctx, c, 'variable', undefined, undefined, credential);
  }
  return undefined;
}

function connectionString(ctx: AnalysisContext, c: Construction, source: ValueSource, literal: Span | undefined, expression: Span | undefined,
  credential: () => CredentialReference | undefined): KeyBasedClient {
  const { view } = ctx;
  const base = { language: view.language, credential: 'connection-string' as const, source, start: c.span.start, end: c.span.end };
  if (c.args.length !== 1) return { ...base, noRewriteReason: NO_REWRITE.unusual };
  const endpoint = literal ? endpointLiteral(view, literal, 'same')
    : expression && takeSiblingLookup(ctx) ? siblingEndpointRead(view, expression, c.span) : undefined;
  if (!endpoint) return { ...base, noRewriteReason: NO_REWRITE.endpoint };
  const ref = credential();
  if (!ref) return { ...base, noRewriteReason: NO_REWRITE.unusual };
  const arg = c.args[0]!;
  return { ...base, rewrite: keylessRewrite(view.language, REPLACEMENT, [{ start: arg.start, end: arg.end, text: `{ endpoint: ${endpoint}, aadCredentials: ${ref.expression} }` }], ref.importEdit) };
}

function fromOptions(ctx: AnalysisContext, c: Construction, object: Span, inline: boolean, credential: () => CredentialReference | undefined): KeyBasedClient | undefined {
  const { view, counter } = ctx;
  const { code } = view;
  let key: { prop: Span; value: Span } | undefined;
  let spread = false, other = false;
  for (const prop of splitTopLevel(code, object.start + 1, object.end - 1, 44, counter)) {
    if (code.startsWith('...', prop.start)) { spread = true; continue; }
    const nameEnd = stringEnd(code, prop.start, counter);
    const name = nameEnd > 0 ? literalText(view, { start: prop.start, end: nameEnd }) : /^[A-Za-z_$][\w$]*/.exec(code.slice(prop.start, Math.min(prop.end, prop.start + 128)))?.[0];
    if (!name) continue;
    const afterName = nameEnd > 0 ? nameEnd : prop.start + name.length;
    let value: Span | undefined;
    if (afterName === prop.end) {
      value = prop; // shorthand `{ key }`
    } else {
      const colon = skipSpaces(code, afterName, counter);
      const valueStart = colon >= 0 && colon < prop.end && code.charCodeAt(colon) === 58 ? skipSpaces(code, colon + 1, counter) : -1;
      if (valueStart >= 0 && valueStart < prop.end) value = { start: valueStart, end: prop.end };
    }
    if (!value) continue;
    if (name === 'key') key = { prop, value };
    else if (OTHER_CREDENTIALS.has(name)) other = true;
  }
  if (!key || /^(?:undefined|null|""|'')$/.test(view.source.slice(key.value.start, key.value.end))) return undefined;
  const source = sourceOfValue(view, key.value, c.span.start, counter);
  const base = { language: view.language, credential: 'account-key' as const, source, start: c.span.start, end: c.span.end };
  if (!inline) return { ...base, noRewriteReason: NO_REWRITE.declaredElsewhere };
  if (spread) return { ...base, noRewriteReason: NO_REWRITE.spread };
  if (other) return { ...base, noRewriteReason: NO_REWRITE.mixed };
  const ref = credential();
  if (!ref) return { ...base, noRewriteReason: NO_REWRITE.unusual };
  return { ...base, rewrite: keylessRewrite(view.language, REPLACEMENT, [{ start: key.prop.start, end: key.prop.end, text: `aadCredentials: ${ref.expression}` }], ref.importEdit) };
}
