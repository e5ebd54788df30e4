import { base64Needles } from './base64';
import { BlockStructure, ROOT_BLOCK } from './blockStructure';
import { AZURE_KEYED_HOSTS, classifyWords, OTHER_HOST, STORAGE_KEY_LISTING, type WordClass } from './contextWords';
import { COSMOS_HOST_SUFFIX, firstCosmosHost, hostApi, isCosmosHost } from './cosmosHosts';
import { unescapeSegment } from './escapedChars';
import { type LineIndex } from './lineIndex';
import { MarkdownSections } from './markdownSections';
import { detectionWork } from './workCounter';

// Decides whether a legacy-format (non-self-identifying) 88-character key belongs to Azure Cosmos DB. The
// labelling policy: a legacy key counts only with Cosmos context — inside a Cosmos connection string or URI,
// bound to a Cosmos-named identifier (also an enclosing block or parameter name), passed to a Cosmos SDK call,
// or in a file that references a Cosmos endpoint host or resource/SDK type — and more specific other-service
// context (a Storage connection string, a hash field, the Storage resource a key sits in) wins. Layers are
// consulted from the nearest outwards.
//
// Every look-around is bounded (a few KiB per candidate), the block structure is computed once per file in one
// pass, and every regex either starts with a literal or runs on a bounded slice, so a scan stays linear in the
// size of the text, whatever the input.

export type Family = 'sql' | 'table' | 'mongo' | 'cassandra' | 'gremlin' | 'cosmos' | 'other' | 'neutral';

export interface KeyContext {
  /** `other` or `neutral` when the key is not a Cosmos key. */
  readonly family: Family;
  /** Endpoint host seen with the key (connection strings and URIs). */
  readonly host?: string;
}

const FILE_TYPES = /CosmosClient|azcosmos|DocumentClient|azurerm_cosmosdb_|Microsoft\.Azure\.Cosmos|Microsoft\.Azure\.Documents|com\.azure\.cosmos|@azure\/cosmos|azure\.cosmos\b|azure-cosmos|azure_data_cosmos|UseCosmos|AddCosmos|CosmosKeyCredential|Microsoft\.DocumentDB\/databaseAccounts|az cosmosdb |AzCosmosDB|CosmosDbContext|\/dbs\/[^/\s"'`]{1,255}\/colls\//i;
/** Connection-string parts of other services that use 88-character keys (Storage, Batch, Communication). */
const OTHER_SEGMENT = new RegExp(
  String.raw`${AZURE_KEYED_HOSTS}|EndpointSuffix=|BlobEndpoint=|QueueEndpoint=|FileEndpoint=|SharedAccessKey|SharedAccessSignature|DefaultEndpointsProtocol=|AccountName=`, 'i');
/** Cosmos host suffixes as they look inside base64-wrapped values (Kubernetes secrets wrap the endpoint too). */
const ENCODED_HOST_NEEDLES = ['.documents.azure.', '.cosmos.azure.', '.cosmosdb.azure.', '.documents.microsoftazure.'].flatMap(base64Needles);
const NON_COSMOS_MONGO_HOST = /\.mongodb\.net$|\.mongodb\.com$|\.amazonaws\.com$/i;

const MAX_LOOKBACK = 400;
/** An encrypted setting's member and prefix, right before the value (Pulumi, Travis CI). */
const SECURE_VALUE = /(?:^|[\s{,"'])secure["']?\s*:\s*["']?(?:v1:[A-Za-z0-9+/]{16}:)?$/;
const SECURE_VALUE_TAIL = 40;
const MAX_SEGMENT = 1024;
const HEADER_CHARS = 300;
/** Lines looked through (blank lines and code fences) for the line above a value. */
const MAX_LINES_UP = 8;

/** Per-file facts, computed lazily once per scan. */
export class FileContext {
  private cosmosFile: boolean | undefined;
  private blocks: BlockStructure | undefined;
  private sections: MarkdownSections | undefined;
  /** `headings`: the text is a document whose headings name the sections below them (Markdown, reStructuredText). */
  constructor(readonly text: string, readonly lines: LineIndex, readonly headings = false) {}

  /** True when the file references a Cosmos endpoint host or a Cosmos resource/SDK type anywhere. */
  get referencesCosmos(): boolean {
    if (this.cosmosFile === undefined) detectionWork.steps += this.text.length * (2 + ENCODED_HOST_NEEDLES.length);
    this.cosmosFile ??= COSMOS_HOST_SUFFIX.test(this.text) || FILE_TYPES.test(this.text) ||
      ENCODED_HOST_NEEDLES.some((n) => this.text.includes(n));
    return this.cosmosFile;
  }

  get structure(): BlockStructure {
    this.blocks ??= new BlockStructure(this.text, this.lines);
    return this.blocks;
  }

  /** The headings above `offset`, nearest first; none outside documents with headings. */
  headingsAt(offset: number): string[] {
    if (!this.headings) return [];
    this.sections ??= new MarkdownSections(this.text, this.lines);
    return this.sections.headingsAt(offset);
  }
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
  detectionWork.steps += e - s;
  return [s, e];
}

/** The host named by `Label=scheme://host…` in a connection string. */
function hostAfter(segment: string, label: string): string | undefined {
  const at = segment.toLowerCase().indexOf(label.toLowerCase() + '=');
  if (at < 0) return undefined;
  const m = /^=\s*(?:[a-z]+:\/\/)?([^/:;\s]+)/i.exec(segment.slice(at + label.length, at + label.length + 300));
  return m?.[1];
}

/** Classifies the connection string or URI that contains the value, if any (escaped or percent-encoded too). */
function segmentFamily(text: string, start: number, end: number): KeyContext | undefined {
  const [s, e] = segmentBounds(text, start, end);
  const before = unescapeSegment(text.slice(s, start));
  const after = unescapeSegment(text.slice(end, e));
  const scheme = before.lastIndexOf('://');
  if (scheme >= 0 && /mongodb(?:\+srv)?$/i.test(before.slice(Math.max(0, scheme - 11), scheme)) &&
      !/[@\s]/.test(before.slice(scheme + 3)) && after.startsWith('@')) {
    const host = /^@([^/:?;,\s]+)(?::(\d+))?/.exec(after.slice(0, 300));
    const hostName = host?.[1] ?? '';
    const api = hostApi(hostName);
    if (api === 'vcore') return { family: 'other' }; // a vCore password: the vCore rule reports it
    if (api || host?.[2] === '10255' || /replicaSet=globaldb|appName=@/i.test(after)) return { family: 'mongo', host: hostName };
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

const IDENT_CHAR = /[\w.$@-]/;

/**
 * The identifier the value is bound to: `NAME = "`, `"name": "`, `name: `, `name => '`, `f(name="`, `\"name\":\"`
 * … Scans backwards by hand (no regex over the whole left side), so it is linear in the identifier's length.
 */
function nearestIdentifier(left: string): string | undefined {
  detectionWork.steps += left.length;
  let i = left.length - 1;
  const skip = (re: RegExp): void => { while (i >= 0 && re.test(left[i]!)) i--; };
  skip(/[\s"'`\\]/);
  skip(/[@$fFrRbBuUN]/); // string prefixes: @"…", f"…", r'…', N'…' (T-SQL)
  skip(/\s/);
  if (i < 0 || !/[:=(>,]/.test(left[i]!)) return undefined;
  if (left[i] === '>' && left[i - 1] === '=') i--; // =>
  i--;
  if (i >= 0 && (left[i] === ':' || left[i] === '\\')) i--; // :=, \= of Java properties
  skip(/[\s"'\]\\]/);
  const end = i + 1;
  while (i >= 0 && IDENT_CHAR.test(left[i]!)) i--;
  const ident = left.slice(i + 1, end);
  return ident === '' ? undefined : ident;
}

/** How far back the statement a T-SQL `SECRET = '…'` belongs to is looked for. */
const SQL_STATEMENT_LOOKBACK = 1000;
/** The identity of a T-SQL credential whose secret is a SAS token or, for Synapse Link, a Cosmos DB account key. */
const SAS_IDENTITY = /\bIDENTITY\s*=\s*N?'SHARED ACCESS SIGNATURE'/i;
const SQL_CREDENTIAL = /\b(?:CREATE|ALTER)\s+(?:DATABASE\s+SCOPED\s+)?CREDENTIAL\s+(\[[^\]\r\n]{1,128}\]|[\w.#@$]{1,128})/i;

/**
 * The name of the T-SQL credential whose `SECRET` the value at `start` is: `CREATE [DATABASE SCOPED] CREDENTIAL name
 * WITH IDENTITY = '…', SECRET = '…'` (or `ALTER`, when a key is rotated), on one line or several: how Synapse's
 * serverless SQL pool is given a Cosmos DB account's key to read its analytical store. The secret is bound to that
 * name, as a value is to its identifier.
 * Bounded: the statement is read back to its `;` within {@link SQL_STATEMENT_LOOKBACK} characters.
 */
function sqlCredentialName(text: string, start: number, ident: string): string | undefined {
  if (ident.toLowerCase() !== 'secret') return undefined;
  const before = text.slice(Math.max(0, start - SQL_STATEMENT_LOOKBACK), start);
  detectionWork.steps += before.length;
  return SQL_CREDENTIAL.exec(before.slice(before.lastIndexOf(';') + 1))?.[1];
}

/**
 * True when the text left of the value on its line is empty or only other values (a row of `az … -o tsv` output,
 * a YAML list item): the value's meaning is then in the lines above.
 */
function onlyValuesBefore(left: string): boolean {
  for (const token of left.split(/[\s,;|"'`]+/)) {
    if (token !== '' && token !== '-' && !(token.length >= 40 && /^[A-Za-z0-9+/]+={0,2}$/.test(token))) return false;
  }
  return true;
}

/** The nearest non-empty line above the line starting at `ls`, looking past code fences and blank lines. */
function lineAbove(text: string, lines: LineIndex, ls: number): string {
  for (let n = 0; n < MAX_LINES_UP && ls > 0; n++) {
    const start = lines.lineStart(ls - 1);
    const end = ls - 1;
    const line = text.slice(Math.max(start, end - MAX_LOOKBACK), end);
    ls = start;
    if (line.trim() !== '' && !/^\s*(?:```|~~~)/.test(line)) return line;
  }
  return '';
}

const decide = (w: WordClass | undefined, file: FileContext, start: number, end: number): KeyContext | undefined =>
  w === 'other' ? { family: 'other' } : w === 'cosmos' ? refineFamily(file, start, end, { family: 'cosmos' }) : undefined;

/**
 * What the blocks enclosing the value say, nearest first: a block's header (`"CosmosDb": {`), then its members
 * that say what it is (`"type": "azurerm_storage_account"`, `"kind": "GlobalDocumentDB"`, an endpoint host); only
 * when no block says anything, their `name`/`id` members (a Key Vault secret named `cosmos-primary-key`).
 */
function blockContext(file: FileContext, start: number): WordClass | undefined {
  const blocks = file.structure;
  const ancestors = blocks.ancestors(start);
  for (const block of ancestors) {
    if (block === ROOT_BLOCK) break; // the top level's endpoints and types are the file's: the last layer decides
    const byHeader = classifyWords(blocks.lineText(block).slice(0, HEADER_CHARS));
    if (byHeader) return byHeader;
    for (const member of blocks.membersOf(block, 'type')) {
      const line = blocks.lineText(member);
      const byType = classifyWords(line.slice(line.search(/[:=]/) + 1));
      if (byType) return byType;
    }
    let hosts: WordClass | undefined;
    for (const member of blocks.membersOf(block, 'host')) {
      const line = blocks.lineText(member);
      const says: WordClass | undefined = STORAGE_KEY_LISTING.test(line) || OTHER_HOST.test(line) ? 'other' : COSMOS_HOST_SUFFIX.test(line) ? 'cosmos' : undefined;
      if (says && hosts && says !== hosts) { hosts = undefined; break; } // both kinds of endpoint: no verdict
      hosts ??= says;
    }
    if (hosts) return hosts;
    for (const member of blocks.membersOf(block, 'name')) if (STORAGE_KEY_LISTING.test(blocks.lineText(member))) return 'other';
  }
  for (const block of ancestors) {
    for (const member of blocks.membersOf(block, 'name')) {
      const line = blocks.lineText(member);
      const byName = classifyWords(line.slice(line.search(/[:=]/) + 1));
      if (byName) return byName;
    }
  }
  return undefined;
}

/** Decides the family of a legacy-format key at [start, end). */
export function legacyKeyContext(start: number, end: number, file: FileContext): KeyContext {
  const { text, lines } = file;
  const ls = lines.lineStart(start);
  const left = text.slice(Math.max(ls, start - MAX_LOOKBACK), start);

  // 1. A hash prefix right before the value (npm `sha512-…`, `sha512:`), or a ciphertext's: a `secure:` member holds
  //    an encrypted value in Pulumi's stack settings (`secure: v1:<nonce>:<ciphertext>` with a passphrase, base64
  //    from a cloud KMS) and Travis CI's (`- secure: "…"`).
  if (/sha-?(?:256|384|512)[-:=]\s*["']?$/i.test(left.slice(-16)) || SECURE_VALUE.test(left.slice(-SECURE_VALUE_TAIL))) return { family: 'other' };

  // 2. The connection string or URI the value sits in.
  const seg = segmentFamily(text, start, end);
  if (seg) return seg.family === 'other' ? seg : refineFamily(file, start, end, seg);

  // 3. The identifier it is bound to, then the rest of its line (a Cosmos SDK call, a `--key` flag …); a value
  //    alone on its line, or after other values only (YAML block, Markdown, `-o tsv` output), takes the line
  //    before it; a value in a table printed by a tool takes its column's header.
  const ident = nearestIdentifier(left);
  const credential = ident ? sqlCredentialName(text, start, ident) : undefined;
  const byIdent = decide(ident ? classifyWords(credential ?? ident) : undefined, file, start, end);
  if (byIdent) return byIdent;
  // A credential's `IDENTITY = 'SHARED ACCESS SIGNATURE'` is how Synapse takes a Cosmos DB key too: not a Storage word.
  const rest = credential === undefined ? left : left.replace(SAS_IDENTITY, '');
  const byLine = decide(classifyWords(onlyValuesBefore(rest) ? lineAbove(text, lines, ls) + '\n' + rest : rest), file, start, end);
  if (byLine) return byLine;
  const column = file.structure.tableColumn(start);
  if (column) {
    const byColumn = decide(STORAGE_KEY_LISTING.test(column.header) ? 'other' : classifyWords(column.cell), file, start, end);
    if (byColumn) return byColumn;
  }

  // 4. Enclosing blocks: a JSON/YAML parent key, an HCL block, a TOML section, a function's parameter list, the
  //    resource a Terraform state or ARM output entry belongs to.
  const byBlock = decide(blockContext(file, start), file, start, end);
  if (byBlock) return byBlock;
  //    An endpoint on the line right above (`endpoint=…`, then `masterKey=…`) names the account the key is for: nearer
  //    than the title of the section the two sit in ("Signing a request").
  if (file.headings) {
    const above = lineAbove(text, lines, ls);
    if (COSMOS_HOST_SUFFIX.test(above) && !OTHER_HOST.test(above)) return refineFamily(file, start, end, { family: 'cosmos' });
  }
  //    In a Markdown or reStructuredText document, the headings of the sections it sits in, nearest first.
  for (const heading of file.headingsAt(start)) {
    const bySection = decide(classifyWords(heading), file, start, end);
    if (bySection) return bySection;
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
  detectionWork.steps += windowText.length;
  // The API named nearest to the value wins (a file may import both a Cassandra and a Gremlin driver).
  const keyAt = start - from;
  let best: { family: 'cassandra' | 'gremlin'; distance: number } | undefined;
  const api = /(cassandra|PlainTextAuthProvider|:10350\b)|(gremlin|\/dbs\/[^/\s]{1,255}\/colls\/)/gi;
  for (let m = api.exec(windowText); m; m = api.exec(windowText)) {
    const distance = Math.abs(m.index - keyAt);
    if (!best || distance < best.distance) best = { family: m[1] ? 'cassandra' : 'gremlin', distance };
  }
  if (best) return { family: best.family, host: firstCosmosHost(windowText, best.family) };
  const host = firstCosmosHost(windowText);
  return host ? { family: 'cosmos', host } : blockApi(file, start) ?? ctx;
}

/** How many enclosing blocks {@link blockApi} reads. */
const API_BLOCK_DEPTH = 3;

/**
 * The API named by the blocks the value sits in, nearest first, when the statement around it names none: a block's
 * header (`cassandra:` in Spring's `spring.data.cassandra`), else the endpoints among its members (`contact-points:
 * x.cassandra.cosmos.azure.com`, a few lines further up than the statement reaches) when they are all of one API —
 * a block that names a NoSQL and a Gremlin endpoint (.NET user secrets for two clients) says nothing. The host, when
 * one is there.
 */
function blockApi(file: FileContext, start: number): KeyContext | undefined {
  const blocks = file.structure;
  const ancestors = blocks.ancestors(start);
  for (let i = 0; i < ancestors.length && i < API_BLOCK_DEPTH && ancestors[i] !== ROOT_BLOCK; i++) {
    const block = ancestors[i]!;
    const hosts: string[] = [];
    for (const member of blocks.membersOf(block, 'host')) {
      const line = blocks.lineText(member);
      detectionWork.steps += line.length;
      const host = firstCosmosHost(line);
      if (host) hosts.push(host);
    }
    const named = /\b(cassandra)|\b(gremlin)/i.exec(blocks.lineText(block).slice(0, HEADER_CHARS));
    if (named) {
      const family = named[1] ? 'cassandra' : 'gremlin';
      return { family, host: hosts.find((h) => hostApi(h) === family) };
    }
    const families = new Set(hosts.map((h) => { const api = hostApi(h); return api === 'cassandra' || api === 'gremlin' ? api : 'cosmos'; }));
    if (families.size > 1) return undefined;
    const [family] = families;
    if (family) return { family, host: hosts[0] };
  }
  return undefined;
}

/** Classifies an identifiable key's surroundings only to name its kind (it is reported whatever they are). */
export function identifiableKeyContext(text: string, start: number, end: number): KeyContext {
  const seg = segmentFamily(text, start, end);
  if (seg && seg.family !== 'other') return seg;
  return { family: 'neutral' };
}
