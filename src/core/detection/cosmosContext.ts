// Decides whether a legacy-format (non-self-identifying) 88-character key belongs to Azure Cosmos DB. The
// labelling policy: a legacy key counts only with Cosmos context — inside a Cosmos connection string or URI,
// bound to a Cosmos-named identifier (also an enclosing block or parameter name), passed to a Cosmos SDK call,
// or in a file that references a Cosmos endpoint host or resource/SDK type — and more specific other-service
// context (a Storage connection string, a hash field) wins. Layers are consulted from the nearest outwards.

export type Family = 'sql' | 'table' | 'mongo' | 'cassandra' | 'gremlin' | 'cosmos' | 'other' | 'neutral';

export interface KeyContext {
  /** `other` or `neutral` when the key is not a Cosmos key. */
  readonly family: Family;
  /** Endpoint host seen with the key (connection strings and URIs). */
  readonly host?: string;
}

const COSMOS_HOST = /[a-z0-9-]+(?:\.privatelink)?\.(?:documents|(?:mongo|cassandra|gremlin|table)\.cosmos)\.(?:azure\.(?:com|us|cn)|microsoftazure\.de)/i;
const COSMOS_HOST_G = new RegExp(COSMOS_HOST.source, 'gi');
const FILE_TYPES = /CosmosClient|azcosmos|DocumentClient|azurerm_cosmosdb_|Microsoft\.Azure\.Cosmos|Microsoft\.Azure\.Documents|com\.azure\.cosmos|@azure\/cosmos|\bazure\.cosmos\b|azure-cosmos|UseCosmos|AddCosmos|CosmosDbContext|CosmosKeyCredential|Microsoft\.DocumentDB\/databaseAccounts/i;

/** Words that name Cosmos DB in identifiers and block names. */
const COSMOS_WORD = /cosmos|documentdb|document_db|docdb|\bcdb[_-]|azcosmos|master_?key|readonly_?master|primary_?readonly|secondary_?readonly|documentclient/i;
/** Words that name another service or a non-secret use of base64 (hashes, signatures). */
const OTHER_WORD = /storage|blob|queue|fileshare|datalake|adls|service_?bus|event_?hub|signalr|redis|webhook|signing|\bjwt|hmac|sha-?\d{3}|integrity|hash|digest|checksum|signature|contenthash|\bsig\b|\bsas\b|sastoken|instrumentation|notification_?hub|apns|firebase|stripe|\baws\b|\bs3\b|sendgrid|twilio|\bslack|encrypt|cipher|\bsalt\b|nonce|\bpem\b|certificate|thumbprint|\bimage|data:image|base64,|ENC\[|sops/i;
const STORAGE_SEGMENT = /EndpointSuffix=|BlobEndpoint=|QueueEndpoint=|FileEndpoint=|\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)|SharedAccessKey|SharedAccessSignature|DefaultEndpointsProtocol=|AccountName=/i;
const NON_COSMOS_MONGO_HOST = /\.mongodb\.net|\.mongodb\.com|\.amazonaws\.com|\.docdb\.amazonaws/i;

const MAX_LOOKBACK = 400;
const MAX_BLOCK_LINES = 60;

/** Cached per-file facts, computed lazily once per scan. */
export class FileContext {
  private cosmosFile: boolean | undefined;
  constructor(private readonly text: string) {}

  /** True when the file references a Cosmos endpoint host or a Cosmos resource/SDK type anywhere. */
  get referencesCosmos(): boolean {
    this.cosmosFile ??= COSMOS_HOST.test(this.text) || FILE_TYPES.test(this.text);
    return this.cosmosFile;
  }
}

function lineStart(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}
function lineEnd(text: string, pos: number): number {
  const e = text.indexOf('\n', pos);
  return e === -1 ? text.length : e;
}

const SEGMENT_BREAK = new Set([10, 13, 34, 39, 96, 60, 62]); // newline, quotes, < >

/** The string-ish segment around the value: bounded by quotes, newlines and angle brackets (≤ 1 KiB each way). */
function segmentBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  const sLimit = Math.max(0, start - 1024);
  while (s > sLimit && !SEGMENT_BREAK.has(text.charCodeAt(s - 1))) s--;
  let e = end;
  const eLimit = Math.min(text.length, end + 1024);
  while (e < eLimit && !SEGMENT_BREAK.has(text.charCodeAt(e))) e++;
  return [s, e];
}

function unescapeSlashes(s: string): string {
  return s.includes('\\/') ? s.replace(/\\\//g, '/') : s;
}

function hostAfter(segment: string, label: string): string | undefined {
  const i = segment.search(new RegExp(label + '\\s*=\\s*', 'i'));
  if (i < 0) return undefined;
  const m = /^[A-Za-z]+\s*=\s*(?:[a-z]+:\/\/)?([^/:;\s]+)/i.exec(segment.slice(i));
  return m?.[1];
}

/** Classifies the connection string or URI that contains the value, if any. */
function segmentFamily(text: string, start: number, end: number): KeyContext | undefined {
  const [s, e] = segmentBounds(text, start, end);
  const before = unescapeSlashes(text.slice(s, start));
  const after = unescapeSlashes(text.slice(end, e));
  const mongo = /mongodb(?:\+srv)?:\/\/[^@\s]*$/i.exec(before);
  if (mongo && after.startsWith('@')) {
    const host = /^@([^/:?;,\s]+)(?::(\d+))?/.exec(after);
    const hostName = host?.[1] ?? '';
    if (COSMOS_HOST.test(hostName) || host?.[2] === '10255' || /replicaSet=globaldb|appName=@/i.test(after)) {
      return { family: 'mongo', host: hostName };
    }
    if (NON_COSMOS_MONGO_HOST.test(hostName)) return { family: 'other' };
    return undefined;
  }
  const whole = before + after;
  const tableHost = hostAfter(whole, 'TableEndpoint');
  if (tableHost && COSMOS_HOST.test(tableHost)) return { family: 'table', host: tableHost };
  const sqlHost = hostAfter(whole, 'AccountEndpoint');
  if (sqlHost) return { family: 'sql', host: sqlHost };
  if (STORAGE_SEGMENT.test(whole)) return { family: 'other' };
  return undefined;
}

function classifyWords(s: string): 'cosmos' | 'other' | undefined {
  // The nearer of the two wins when both occur (e.g. a Cosmos section holding a storage key name).
  let cosmosAt = -1, otherAt = -1;
  const cg = new RegExp(COSMOS_WORD.source, 'gi');
  for (let m = cg.exec(s); m; m = cg.exec(s)) cosmosAt = m.index;
  const og = new RegExp(OTHER_WORD.source, 'gi');
  for (let m = og.exec(s); m; m = og.exec(s)) otherAt = m.index;
  if (cosmosAt < 0 && otherAt < 0) return undefined;
  return cosmosAt > otherAt ? 'cosmos' : 'other';
}

/** The identifier the value is bound to on its line: `NAME = "`, `"name": "`, `name: `, `key="` … */
function nearestIdentifier(left: string): string | undefined {
  const m = /([A-Za-z_$@][\w.$@-]*)["'\]]?\s*(?::=|=>|[:=]|\()\s*(?:@|[fbru]{0,2})?["'`]?\s*$/.exec(left);
  return m?.[1];
}

/** Headers of the blocks that enclose `pos` (by indentation, and TOML/INI `[section]`s), nearest first. */
function enclosingHeaders(text: string, pos: number): string[] {
  const headers: string[] = [];
  let ls = lineStart(text, pos);
  const indentOf = (from: number): number => {
    let i = from;
    while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    return i - from;
  };
  let indent = indentOf(ls);
  for (let n = 0; n < MAX_BLOCK_LINES && ls > 0; n++) {
    const prevEnd = ls - 1;
    const prevStart = lineStart(text, prevEnd);
    const line = text.slice(prevStart, prevEnd);
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

/** Decides the family of a legacy-format key at [start, end). */
export function legacyKeyContext(text: string, start: number, end: number, file: FileContext): KeyContext {
  const ls = lineStart(text, start);
  const left = text.slice(Math.max(ls, start - MAX_LOOKBACK), start);

  // 1. A hash prefix right before the value (npm `sha512-…`, `sha512:`).
  if (/sha-?(?:256|384|512)[-:=]\s*["']?$/i.test(left)) return { family: 'other' };

  // 2. The connection string or URI the value sits in.
  const seg = segmentFamily(text, start, end);
  if (seg) return seg.family === 'other' ? seg : refineFamily(text, start, end, seg);

  // 3. The identifier it is bound to, then the rest of its line (a Cosmos SDK call, a `--key` flag …).
  const ident = nearestIdentifier(left);
  const byIdent = ident ? classifyWords(ident) : undefined;
  if (byIdent === 'other') return { family: 'other' };
  if (byIdent === 'cosmos') return refineFamily(text, start, end, { family: 'cosmos' });
  const lineLeft = left.trim() === '' || /^\s*(?:["'`]|-\s)?\s*$/.test(left) ? previousLine(text, ls) + '\n' + left : left;
  const byLine = classifyWords(lineLeft);
  if (byLine === 'other') return { family: 'other' };
  if (byLine === 'cosmos') return refineFamily(text, start, end, { family: 'cosmos' });

  // 4. Enclosing blocks: a JSON/YAML parent key, an HCL block, a TOML section, a function's parameter list.
  for (const header of enclosingHeaders(text, start)) {
    const byHeader = classifyWords(header);
    if (byHeader === 'other') return { family: 'other' };
    if (byHeader === 'cosmos') return refineFamily(text, start, end, { family: 'cosmos' });
  }

  // 5. The file: a Cosmos host or type anywhere in it.
  if (file.referencesCosmos) return refineFamily(text, start, end, { family: 'cosmos' });
  return { family: 'neutral' };
}

function previousLine(text: string, ls: number): string {
  let end = ls - 1;
  while (end > 0) {
    const start = lineStart(text, end);
    const line = text.slice(start, end);
    if (line.trim() !== '') return line.slice(-MAX_LOOKBACK);
    end = start - 1;
  }
  return '';
}

/** Names the API family for bare keys (Cassandra and Gremlin passwords) from the surrounding statement. */
function refineFamily(text: string, start: number, end: number, ctx: KeyContext): KeyContext {
  if (ctx.family !== 'cosmos') return ctx;
  // The statement around the value: up to three lines before it and the rest of its own line.
  let from = lineStart(text, start);
  for (let i = 0; i < 3 && from > 0; i++) from = lineStart(text, from - 1);
  const windowText = text.slice(Math.max(from, start - 1200), Math.min(lineEnd(text, end), end + 300));
  // The API named nearest to the value wins (a file may import both a Cassandra and a Gremlin driver).
  const keyAt = start - Math.max(from, start - 1200);
  let best: { family: Family; distance: number } | undefined;
  const api = /(cassandra|PlainTextAuthProvider|:10350\b)|(gremlin|\/dbs\/[^/\s]+\/colls\/)/gi;
  for (let m = api.exec(windowText); m; m = api.exec(windowText)) {
    const distance = Math.abs(m.index - keyAt);
    if (!best || distance < best.distance) best = { family: m[1] ? 'cassandra' : 'gremlin', distance };
  }
  if (best) return { family: best.family, host: firstHost(windowText, best.family) };
  const host = firstHost(windowText);
  return host ? { family: 'cosmos', host } : ctx;
}

function firstHost(s: string, kind?: string): string | undefined {
  COSMOS_HOST_G.lastIndex = 0;
  for (let m = COSMOS_HOST_G.exec(s); m; m = COSMOS_HOST_G.exec(s)) {
    if (!kind || m[0].toLowerCase().includes(`.${kind}.`)) return m[0];
  }
  return undefined;
}

/** Classifies an identifiable key's surroundings only to name its kind (it is reported whatever they are). */
export function identifiableKeyContext(text: string, start: number, end: number): KeyContext {
  const seg = segmentFamily(text, start, end);
  if (seg && seg.family !== 'other') return seg;
  return { family: 'neutral' };
}

export { COSMOS_HOST };
