import { isBase64Code } from './base64';
import { detectionWork } from './workCounter';

// The words that say which service a value belongs to, in identifiers, block names, table headers, resource
// types and secret names. All patterns are plain alternations (no nested quantifiers): linear on any input.

/** Words that name Cosmos DB. */
const COSMOS_WORD = /cosmos|documentdb|document_db|docdb|\bcdb[_-]|azcosmos|(?:primary|secondary)_?(?:read_?only_?)?master_?key|read_?only_?master|documentclient/gi;
/** Words that name another service or a non-secret use of base64 (hashes, signatures, ciphertext). */
const OTHER_WORD = new RegExp([
  'storage', 'blob', 'queue', 'fileshare', 'datalake', 'adls', 'service_?bus', 'event_?hub', 'signalr', 'redis', 'webhook', 'signing',
  '\\bjwt', 'hmac', 'sha-?\\d{3}', 'integrity', 'hash', 'digest', 'checksum', 'signature', '\\bsig\\b', '\\bsas\\b', 'sastoken',
  'instrumentation', 'notification_?hub', 'apns', 'firebase', 'stripe', '\\baws\\b', '\\bs3\\b', 'sendgrid', 'twilio', '\\bslack',
  'encrypt', 'cipher', '\\bsalt\\b', 'nonce', '\\bpem\\b', 'certificate', 'thumbprint', '\\bimage', 'data:image', 'base64,', 'ENC\\[',
  // Azure Batch by its account and key names, not the word inside other names (`batchConnectionString`, `batchSize`).
  'sops', '\\bbatch\\b', 'batch_?account', '\\bbatch_?(?:key|primary|secondary|shared)', 'communication(?:_?services?|\\.azure)', 'log_?analytics', 'operational_?insights', '(?:primary|secondary|workspace)_?shared_?key', 'shared_key',
  'power_?bi', '\\bkerb[12]\\b', 'data_?protection',
].join('|'), 'gi');
/** Hosts of the Azure services whose keys are 88 characters too: Storage (in every cloud), Batch, Communication. */
export const AZURE_KEYED_HOSTS = String.raw`\.core\.(?:windows\.net|chinacloudapi\.cn|usgovcloudapi\.net|cloudapi\.de)|\.(?:batch|communication)\.azure\.com`;
/**
 * Hosts of other services (a Storage account's `.blob.core.windows.net`, Batch, Service Bus, Redis, MongoDB Atlas,
 * AWS): a block's endpoint member, and a word like the others where a name holds one — Hadoop's
 * `fs.azure.account.key.<account>.dfs.core.windows.net` is the property Spark reads a Storage key from.
 */
export const OTHER_HOST = new RegExp(String.raw`${AZURE_KEYED_HOSTS}|\.servicebus\.windows\.net|\.redis\.cache\.windows\.net|\.mongodb\.net|\.amazonaws\.com`, 'i');
const OTHER_HOST_WORD = new RegExp(OTHER_HOST.source, 'gi');

/**
 * `AES` as a word of an identifier (`AesKey`, `aes_key`, `AES256_KEY`, `DataAesGcmKey`), told by its case: not the
 * `aes` inside `caesar` or `Aesthetic`. Key material for AES is not a Cosmos key.
 */
const OTHER_CASED_WORD = /(?<![A-Za-z])aes(?![a-z])|Aes(?![a-z])|AES(?![A-Za-z])/g;

export type WordClass = 'cosmos' | 'other';

/** Shortest base64 run that may be a random value (keys, hashes) rather than a word or identifier. */
const MIN_RANDOM_RUN = 40;

/** `s` without its random-looking base64 runs (values that might spell `hash` or `cosmos` by chance). */
function withoutRandomRuns(s: string): string {
  let out = '';
  let runStart = 0, digits = 0, symbols = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : -1;
    if (c >= 0 && isBase64Code(c)) {
      if (c >= 48 && c <= 57) digits++;
      else if (c === 43 || c === 47) symbols++;
      continue;
    }
    const random = i - runStart >= MIN_RANDOM_RUN && (digits >= 3 || symbols > 0);
    out += random ? ' ' + s.slice(i, i + 1) : s.slice(runStart, i + 1);
    runStart = i + 1;
    digits = symbols = 0;
  }
  return out;
}

/** `cosmos` or `other` by the word nearest the end of `s` (i.e. nearest the value), or undefined. */
export function classifyWords(s: string): WordClass | undefined {
  detectionWork.steps += s.length;
  const text = s.length >= MIN_RANDOM_RUN ? withoutRandomRuns(s) : s;
  let cosmosAt = -1, otherAt = -1;
  COSMOS_WORD.lastIndex = 0;
  for (let m = COSMOS_WORD.exec(text); m; m = COSMOS_WORD.exec(text)) cosmosAt = m.index;
  for (const other of [OTHER_WORD, OTHER_CASED_WORD, OTHER_HOST_WORD]) {
    other.lastIndex = 0;
    for (let m = other.exec(text); m; m = other.exec(text)) otherAt = Math.max(otherAt, m.index);
  }
  if (cosmosAt < 0 && otherAt < 0) return undefined;
  return cosmosAt > otherAt ? 'cosmos' : 'other';
}

/**
 * Azure Storage's own key listings (`az storage account keys list`, ARM `listKeys`): `keyName` `key1`/`key2`
 * with `permissions` `FULL`/`READ`, as JSON/YAML members or as the columns of a table.
 */
export const STORAGE_KEY_LISTING = /["']?key_?name["']?\s*[:=]\s*["']?(?:key|kerb)[12]\b|["']?permissions["']?\s*[:=]\s*["']?(?:full|read)\b|\bkey_?name\s+permissions\b/i;
