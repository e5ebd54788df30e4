import { base64Needles } from './base64';
import { type LineIndex } from './lineIndex';

// Decides whether a legacy-format (non-self-identifying) 88-character key belongs to Azure Cosmos DB. The
// labelling policy: a legacy key counts only with Cosmos context — inside a Cosmos connection string or URI,
// bound to a Cosmos-named identifier (also an enclosing block or parameter name), passed to a Cosmos SDK call,
// or in a file that references a Cosmos endpoint host or resource/SDK type — and more specific other-service
// context (a Storage connection string, a hash field) wins. Layers are consulted from the nearest outwards.
//
// Every look-around is bounded (a few KiB per candidate) and every regex either starts with a literal or runs on
// a bounded slice, so a scan stays linear in the size of the text, whatever the input.

export type Family = 'sql' | 'table' | 'mongo' | 'cassandra' | 'gremlin' | 'cosmos' | 'other' | 'neutral';

export interface KeyContext {
  /** `other` or `neutral` when the key is not a Cosmos key. */
  readonly family: Family;
  /** Endpoint host seen with the key (connection strings and URIs). */
  readonly host?: string;
}

/** Host suffixes of Cosmos DB endpoints, all clouds. Starts with a literal dot: fast on any input. */
const COSMOS_HOST_SUFFIX = /\.(?:documents|(?:mongo|cassandra|gremlin|table)\.cosmos)\.(?:azure\.(?:com|us|cn)|microsoftazure\.de)\b/i;
const FILE_TYPES = /CosmosClient|azcosmos|DocumentClient|azurerm_cosmosdb_|Microsoft\.Azure\.Cosmos|Microsoft\.Azure\.Documents|com\.azure\.cosmos|@azure\/cosmos|azure\.cosmos\b|azure-cosmos|azure_data_cosmos|UseCosmos|AddCosmos|CosmosKeyCredential|Microsoft\.DocumentDB\/databaseAccounts/i;

/** Words that name Cosmos DB in identifiers and block names. */
const COSMOS_WORD = /cosmos|documentdb|document_db|docdb|\bcdb[_-]|azcosmos|(?:primary|secondary)_?(?:read_?only_?)?master_?key|read_?only_?master|documentclient/gi;
/** Words that name another service or a non-secret use of base64 (hashes, signatures, ciphertext). */
const OTHER_WORD = /storage|blob|queue|fileshare|datalake|adls|service_?bus|event_?hub|signalr|redis|webhook|signing|\bjwt|hmac|sha-?\d{3}|integrity|hash|digest|checksum|signature|\bsig\b|\bsas\b|sastoken|instrumentation|notification_?hub|apns|firebase|stripe|\baws\b|\bs3\b|sendgrid|twilio|\bslack|encrypt|cipher|\bsalt\b|nonce|\bpem\b|certificate|thumbprint|\bimage|data:image|base64,|ENC\[|sops|\bbatch|communication\.azure/gi;
/** Connection-string parts of other services that use 88-character keys (Storage, Batch, Communication). */
const OTHER_SEGMENT = /\.batch\.azure\.com|\.communication\.azure\.com|EndpointSuffix=|BlobEndpoint=|QueueEndpoint=|FileEndpoint=|\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)|SharedAccessKey|SharedAccessSignature|DefaultEndpointsProtocol=|AccountName=/i;
/** Cosmos host suffixes as they look inside base64-wrapped values (Kubernetes secrets wrap the endpoint too). */
const ENCODED_HOST_NEEDLES = ['.documents.azure.', '.cosmos.azure.', '.documents.microsoftazure.'].flatMap(base64Needles);
const NON_COSMOS_MONGO_HOST = /\.mongodb\.net$|\.mongodb\.com$|\.amazonaws\.com$/i;

const MAX_LOOKBACK = 400;
const MAX_SEGMENT = 1024;
const MAX_BLOCK_LINES = 60;
const HEADER_CHARS = 200;

/** Per-file facts, computed lazily once per scan. */
export class FileContext {
  private cosmosFile: boolean | undefined;
  constructor(readonly text: string, readonly lines: LineIndex) {}

  /** True when the file references a Cosmos endpoint host or a Cosmos resource/SDK type anywhere. */
  get referencesCosmos(): boolean {
    this.cosmosFile ??= COSMOS_HOST_SUFFIX.test(this.text) || FILE_TYPES.test(this.text) ||
      ENCODED_HOST_NEEDLES.some((n) => this.text.includes(n));
    return this.cosmosFile;
  }
}

/** True when `host` is a Cosmos DB endpoint host name (any API, any cloud). */
export function isCosmosHost(host: string): boolean {
  return COSMOS_HOST_SUFFIX.test(host) && /^[a-z0-9.-]+$/i.test(host);
}

const SEGMENT_BREAK = new Set([10, 13, 34, 39, 96, 60, 62]); // newline, quotes, < >

/** The string-ish segment around the value: bounded by quotes, newlines and angle brackets. */
function segmentBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  const sLimit = Math.max(0, start - MAX_SEGMENT);
  while (s > sLimit && !SEGMENT_BREAK.has(text.charCodeAt(s - 1))) s--;
  let e = end;
  const eLimit = Math.min(text.length, end + MAX_SEGMENT);
  while (e < eLimit && !SEGMENT_BREAK.has(text.charCodeAt(e))) e++;
  return [s, e];
}

function unescapeSlashes(s: string): string {
  return s.includes('\\/') ? s.replace(/\\\//g, '/') : s;
}

/** The host named by `Label=scheme://host…` in a connection string. */
function hostAfter(segment: string, label: string): string | undefined {
  const at = segment.toLowerCase().indexOf(label.toLowerCase() + '=');
  if (at < 0) return undefined;
  const m = /^=\s*(?:[a-z]+:\/\/)?([^/:;\s]+)/i.exec(segment.slice(at + label.length, at + label.length + 300));
  return m?.[1];
}

/** Classifies the connection string or URI that contains the value, if any. */
function segmentFamily(text: string, start: number, end: number): KeyContext | undefined {
  const [s, e] = segmentBounds(text, start, end);
  const before = unescapeSlashes(text.slice(s, start));
  const after = unescapeSlashes(text.slice(end, e));
  const scheme = before.lastIndexOf('://');
  if (scheme >= 0 && /mongodb(?:\+srv)?$/i.test(before.slice(Math.max(0, scheme - 11), scheme)) &&
      !/[@\s]/.test(before.slice(scheme + 3)) && after.startsWith('@')) {
    const host = /^@([^/:?;,\s]+)(?::(\d+))?/.exec(after.slice(0, 300));
    const hostName = host?.[1] ?? '';
    if (isCosmosHost(hostName) || host?.[2] === '10255' || /replicaSet=globaldb|appName=@/i.test(after)) {
      return { family: 'mongo', host: hostName };
    }
    if (NON_COSMOS_MONGO_HOST.test(hostName)) return { family: 'other' };
    return undefined;
  }
  const whole = before + after;
  const tableHost = hostAfter(whole, 'TableEndpoint');
  if (tableHost && isCosmosHost(tableHost)) return { family: 'table', host: tableHost };
  const sqlHost = hostAfter(whole, 'AccountEndpoint');
  if (sqlHost) return { family: 'sql', host: sqlHost };
  if (OTHER_SEGMENT.test(whole)) return { family: 'other' };
  return undefined;
}

/** `cosmos` or `other` by the word nearest the end of `s` (i.e. nearest the value), or undefined. */
function classifyWords(s: string): 'cosmos' | 'other' | undefined {
  let cosmosAt = -1, otherAt = -1;
  COSMOS_WORD.lastIndex = 0;
  for (let m = COSMOS_WORD.exec(s); m; m = COSMOS_WORD.exec(s)) cosmosAt = m.index;
  OTHER_WORD.lastIndex = 0;
  for (let m = OTHER_WORD.exec(s); m; m = OTHER_WORD.exec(s)) otherAt = m.index;
  if (cosmosAt < 0 && otherAt < 0) return undefined;
  return cosmosAt > otherAt ? 'cosmos' : 'other';
}

const IDENT_CHAR = /[\w.$@-]/;

/**
 * The identifier the value is bound to: `NAME = "`, `"name": "`, `name: `, `name => '`, `f(name="` … Scans
 * backwards by hand (no regex over the whole left side), so it is linear in the identifier's length.
 */
function nearestIdentifier(left: string): string | undefined {
  let i = left.length - 1;
  const skip = (re: RegExp): void => { while (i >= 0 && re.test(left[i]!)) i--; };
  skip(/[\s"'`]/);
  skip(/[@$fFrRbBuU]/); // string prefixes: @"…", f"…", r'…'
  skip(/\s/);
  if (i < 0 || !/[:=(>,]/.test(left[i]!)) return undefined;
  if (left[i] === '>' && left[i - 1] === '=') i--; // =>
  i--;
  if (i >= 0 && left[i] === ':') i--; // :=
  skip(/[\s"'\]]/);
  const end = i + 1;
  while (i >= 0 && IDENT_CHAR.test(left[i]!)) i--;
  const ident = left.slice(i + 1, end);
  return ident === '' ? undefined : ident;
}

/** Headers of the blocks that enclose `pos` (by indentation, and TOML/INI `[section]`s), nearest first. */
function enclosingHeaders(text: string, lines: LineIndex, pos: number): string[] {
  const headers: string[] = [];
  let ls = lines.lineStart(pos);
  // Indentation is read up to HEADER_CHARS: a line indented further (a megabyte of spaces before many keys) would
  // otherwise be read once per key on it.
  const indentOf = (from: number): number => {
    let i = from;
    const limit = Math.min(text.length, from + HEADER_CHARS);
    while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    return i - from;
  };
  let indent = indentOf(ls);
  for (let n = 0; n < MAX_BLOCK_LINES && ls > 0; n++) {
    const prevStart = lines.lineStart(ls - 1);
    const line = text.slice(prevStart, Math.min(ls - 1, prevStart + HEADER_CHARS));
    ls = prevStart;
    if (line.trim() === '') continue;
    if (/^\s*\[[^\]]+\]\s*$/.test(line)) { headers.push(line); break; } // TOML/INI section
    const ind = indentOf(prevStart);
    if (ind < indent) {
      headers.push(line);
      indent = ind;
      if (ind === 0) break;
    }
  }
  return headers;
}

function previousNonEmptyLine(text: string, lines: LineIndex, ls: number): string {
  for (let n = 0; n < 5 && ls > 0; n++) {
    const start = lines.lineStart(ls - 1);
    const end = ls - 1;
    const line = text.slice(Math.max(start, end - MAX_LOOKBACK), end);
    if (line.trim() !== '') return line;
    ls = start;
  }
  return '';
}

/** Decides the family of a legacy-format key at [start, end). */
export function legacyKeyContext(start: number, end: number, file: FileContext): KeyContext {
  const { text, lines } = file;
  const ls = lines.lineStart(start);
  const left = text.slice(Math.max(ls, start - MAX_LOOKBACK), start);

  // 1. A hash prefix right before the value (npm `sha512-…`, `sha512:`).
  if (/sha-?(?:256|384|512)[-:=]\s*["']?$/i.test(left.slice(-16))) return { family: 'other' };

  // 2. The connection string or URI the value sits in.
  const seg = segmentFamily(text, start, end);
  if (seg) return seg.family === 'other' ? seg : refineFamily(file, start, end, seg);

  // 3. The identifier it is bound to, then the rest of its line (a Cosmos SDK call, a `--key` flag …); a value
  //    alone on its line (YAML block, Markdown) takes the line before it.
  const ident = nearestIdentifier(left);
  const byIdent = ident ? classifyWords(ident) : undefined;
  if (byIdent === 'other') return { family: 'other' };
  if (byIdent === 'cosmos') return refineFamily(file, start, end, { family: 'cosmos' });
  const lineLeft = /^\s*(?:["'`]|-\s)?\s*$/.test(left) ? previousNonEmptyLine(text, lines, ls) + '\n' + left : left;
  const byLine = classifyWords(lineLeft);
  if (byLine === 'other') return { family: 'other' };
  if (byLine === 'cosmos') return refineFamily(file, start, end, { family: 'cosmos' });

  // 4. Enclosing blocks: a JSON/YAML parent key, an HCL block, a TOML section, a function's parameter list.
  for (const header of enclosingHeaders(text, lines, start)) {
    const byHeader = classifyWords(header);
    if (byHeader === 'other') return { family: 'other' };
    if (byHeader === 'cosmos') return refineFamily(file, start, end, { family: 'cosmos' });
  }

  // 5. The file: a Cosmos host or type anywhere in it.
  if (file.referencesCosmos) return refineFamily(file, start, end, { family: 'cosmos' });
  return { family: 'neutral' };
}

/** Names the API family for bare keys (Cassandra and Gremlin passwords) from the surrounding statement. */
function refineFamily(file: FileContext, start: number, end: number, ctx: KeyContext): KeyContext {
  if (ctx.family !== 'cosmos') return ctx;
  const { text, lines } = file;
  // The statement around the value: up to three lines before it and the rest of its own line.
  let from = lines.lineStart(start);
  for (let i = 0; i < 3 && from > 0; i++) from = lines.lineStart(from - 1);
  from = Math.max(from, start - 1200);
  const windowText = text.slice(from, Math.min(lines.lineEnd(end), end + 300));
  // The API named nearest to the value wins (a file may import both a Cassandra and a Gremlin driver).
  const keyAt = start - from;
  let best: { family: Family; distance: number } | undefined;
  const api = /(cassandra|PlainTextAuthProvider|:10350\b)|(gremlin|\/dbs\/[^/\s]{1,255}\/colls\/)/gi;
  for (let m = api.exec(windowText); m; m = api.exec(windowText)) {
    const distance = Math.abs(m.index - keyAt);
    if (!best || distance < best.distance) best = { family: m[1] ? 'cassandra' : 'gremlin', distance };
  }
  if (best) return { family: best.family, host: firstHost(windowText, best.family) };
  const host = firstHost(windowText);
  return host ? { family: 'cosmos', host } : ctx;
}

/** The first Cosmos host name in `s` (optionally of one API): the suffix match, extended back over its labels. */
function firstHost(s: string, api?: string): string | undefined {
  const re = new RegExp(COSMOS_HOST_SUFFIX.source, 'gi');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    let b = m.index;
    while (b > 0 && m.index - b < 100 && /[a-z0-9.-]/i.test(s[b - 1]!)) b--;
    const host = s.slice(b, m.index + m[0].length);
    if (b < m.index && (!api || m[0].toLowerCase().startsWith(`.${api}.`))) return host;
  }
  return undefined;
}

/** Classifies an identifiable key's surroundings only to name its kind (it is reported whatever they are). */
export function identifiableKeyContext(text: string, start: number, end: number): KeyContext {
  const seg = segmentFamily(text, start, end);
  if (seg && seg.family !== 'other') return seg;
  return { family: 'neutral' };
}
