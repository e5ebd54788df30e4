import { decodeBase64ToLatin1 } from './base64';
import { FileContext, identifiableKeyContext, legacyKeyContext, type Family, type KeyContext } from './cosmosContext';
import { wellKnownKey } from './emulatorKey';
import { EQUALS_NEEDLES } from './escapedChars';
import { type Finding, type ScanOptions, type SecretEncoding, type SecretKind } from './finding';
import { fingerprintOf, identityFingerprint } from './fingerprints';
import { HOST_GATE } from './hostGate';
import { hasIdentifiableSignature, identifiableKeySeed, IDENTIFIABLE_SEEDS } from './identifiableKey';
import { findKeyCandidates, unpaddedKeyEndingAt, type KeyCandidate } from './keyCandidates';
import { LineIndex } from './lineIndex';
import { hasSectionHeadings } from './markdownSections';
import { isFillerKey } from './placeholder';
import { ruleForKind, type DetectionRule } from './rules';
import { findUnpaddedKeys } from './unpaddedKeys';
import { findVcorePasswords } from './vcorePassword';
import { decodeQuotedPrintable, encodedSpan, QP_EQUALS } from './quotedPrintable';
import { findWrappedValues, MIME_BASE64, WRAPPED_HOST_NEEDLES } from './wrappedValues';
import { detectionWork } from './workCounter';

const KIND_BY_FAMILY: Partial<Record<Family, SecretKind>> = {
  sql: 'sql-connection-string',
  table: 'table-connection-string',
  mongo: 'mongodb-uri',
  cassandra: 'cassandra',
  gremlin: 'gremlin',
  cosmos: 'account-key',
};

const ENCODING_NOTE: Record<SecretEncoding, string> = {
  raw: '',
  url: 'URL-encoded',
  'json-escaped': 'JSON-escaped',
  escaped: 'escaped',
  base64: 'base64-wrapped',
  concatenated: 'split across string literals',
  unpadded: 'without its == padding',
  'quoted-printable': 'quoted-printable, as in an e-mail',
};

/**
 * ASCII strings at least one of which occurs in any text that can hold a Cosmos secret: the starts of every form
 * of a key's `==` terminator (`==`, `%3D`, `\u003D`, `&#61;` …), the tail of a base64-wrapped key with a newline
 * (`PQo=`), the base64 forms of `.azure.` (whole connection strings base64-encoded), `zure.` (in every
 * Cosmos host: vCore URIs and keys without their padding), and in e-mail quoted-printable's `=3D` and the header of
 * a base64 part. Byte-level pre-checks (the CLI's reader) use the same
 * list, so it lives here, next to its one consumer.
 */
export const SECRET_TRIGGERS: readonly string[] = [...EQUALS_NEEDLES, 'PQo=', HOST_GATE, ...WRAPPED_HOST_NEEDLES, QP_EQUALS, MIME_BASE64];

/** The cheapest possible test that a text can hold no Cosmos secret at all. */
function mayContainSecret(text: string): boolean {
  detectionWork.steps += text.length;
  return SECRET_TRIGGERS.some((t) => text.includes(t));
}

/** Last (up to) four characters: enough to tell two keys apart, never enough to use one. */
export function maskHint(secret: string): string {
  return secret.length <= 8 ? '' : secret.slice(-4);
}

/** How deep base64-wrapped values are unwrapped (a wrapped settings file holding a wrapped connection string). */
const MAX_WRAP_DEPTH = 2;

/** One secret found, before it becomes a Finding: offsets in the scanned text, and what to say about it. */
interface Detection {
  readonly rule: DetectionRule;
  readonly start: number;
  readonly end: number;
  readonly encoding: SecretEncoding;
  readonly fingerprint: string;
  readonly hint: string;
  readonly host?: string;
  /** What the message says before the encoding: the key's format, or the user of a password. */
  readonly format: string;
  /** The secret as decoded (keys: for extractSecret; never reported). */
  readonly secret: string;
}

function keyDetection(c: KeyCandidate, fileContext: FileContext, options: ScanOptions, fallback?: () => KeyContext): Detection | undefined {
  if (c.joinedFromNames && !hasIdentifiableSignature(c.key)) return undefined; // only a checksum shows the join
  const wellKnown = wellKnownKey(c.key);
  if (wellKnown === 'storage-emulator') return undefined;
  if (wellKnown === 'cosmos-emulator') {
    if (options.emulatorKey !== 'inform') return undefined;
    const rule = ruleForKind('emulator-key');
    return { rule, start: c.start, end: c.end, encoding: c.encoding, fingerprint: fingerprintOf(rule.id, c.key), hint: maskHint(c.key), format: '', secret: c.key };
  }
  let context: KeyContext;
  let format = '';
  if (hasIdentifiableSignature(c.key)) {
    const seed = identifiableKeySeed(c.key);
    if (!seed) return undefined; // `ACDb` in place but the checksum fails: made up, not a key
    context = identifiableKeyContext(fileContext.text, c.start, c.end);
    format = `identifiable format, ${IDENTIFIABLE_SEEDS[seed]} key`;
  } else {
    if (isFillerKey(c.key)) return undefined;
    context = legacyKeyContext(c.start, c.end, fileContext);
    if (context.family === 'neutral' && fallback) context = fallback();
  }
  let kind = KIND_BY_FAMILY[context.family];
  if (!kind) {
    if (!format) return undefined; // a legacy key without Cosmos context, or with another service's context
    kind = 'identifiable-key';
  }
  const rule = ruleForKind(kind);
  return { rule, start: c.start, end: c.end, encoding: c.encoding, fingerprint: fingerprintOf(rule.id, c.key), hint: maskHint(c.key),
    format, secret: c.key, ...(context.host ? { host: context.host } : {}) };
}

/**
 * Every secret in `text`; `fallback` gives the context of a wrapped value's outer text for keys neutral inside. At
 * the top, a text with quoted-printable in it is also read decoded ({@link decodeQuotedPrintable}).
 */
function detect(text: string, options: ScanOptions, depth: number, fallback?: () => KeyContext, lines = new LineIndex(text), headings = false): Detection[] {
  if (!mayContainSecret(text)) return [];
  const found = detectIn(text, options, depth, fallback, lines, headings);
  const view = depth === 0 && text.includes(QP_EQUALS) ? decodeQuotedPrintable(text) : undefined;
  if (!view) return found;
  // A secret written without any quoted-printable escape or break (`mongodb://u:…%3D%3D@…` on one line) reads the
  // same decoded, and is found as it is: where it starts, both agree.
  const taken = new Set(found.map((f) => `${f.start}:${f.fingerprint}`));
  for (const d of detectIn(view.text, options, depth, fallback, new LineIndex(view.text), headings)) {
    const [start, end] = encodedSpan(text, view, d.start, d.end);
    if (!taken.has(`${start}:${d.fingerprint}`)) found.push({ ...d, start, end, encoding: 'quoted-printable' });
  }
  return found;
}

function detectIn(text: string, options: ScanOptions, depth: number, fallback: (() => KeyContext) | undefined, lines: LineIndex, headings: boolean): Detection[] {
  const fileContext = new FileContext(text, lines, headings);
  const found: Detection[] = [];
  for (const c of [...findKeyCandidates(text), ...findUnpaddedKeys(text)]) {
    const d = keyDetection(c, fileContext, options, fallback);
    if (d) found.push(d);
  }
  for (const p of findVcorePasswords(text)) {
    const rule = ruleForKind('mongo-vcore-password');
    // Never a function of the password: see identityFingerprint. No hint either, for the same reason.
    found.push({ rule, start: p.start, end: p.end, encoding: 'raw', fingerprint: identityFingerprint(rule.id, p.host, p.user), hint: '',
      host: p.host, format: `user '${p.user}'`, secret: p.password });
  }
  const wrapped = depth < MAX_WRAP_DEPTH ? findWrappedValues(text) : [];
  if (wrapped.length) {
    const taken = new Set(found.map((d) => `${d.start}:${d.end}:${d.fingerprint}`));
    for (const w of wrapped) {
      for (const inner of detect(w.decoded, options, depth + 1, () => legacyKeyContext(w.start, w.end, fileContext))) {
        const [start, end] = w.spanOf ? w.spanOf(inner.start, inner.end) : [w.start, w.end];
        const d: Detection = { ...inner, start, end, encoding: 'base64' };
        if (!taken.has(`${d.start}:${d.end}:${d.fingerprint}`)) found.push(d);
      }
    }
  }
  return found;
}

function messageOf(d: Detection): string {
  const rule = d.rule;
  if (rule.kind === 'emulator-key') return `${rule.description}: fine for local development, but it is not a credential for any Azure account.`;
  const note = ENCODING_NOTE[d.encoding];
  if (rule.kind === 'mongo-vcore-password') {
    return `${rule.description} for ${d.format} on ${d.host ?? 'a vCore cluster'}${note ? ` (${note})` : ''}. Move it to a secret store and change the password.`;
  }
  const details = [d.format, note].filter(Boolean).join(', ');
  const where = d.host ? ` for ${d.host}` : '';
  return `${rule.description}${where} (…${d.hint}${details ? `; ${details}` : ''}). Move it to a secret store and regenerate the key.`;
}

/**
 * Scans one file's text for hard-coded Azure Cosmos DB secrets. Pure: the caller reads the file and passes its
 * path (used verbatim in findings) and text. Findings are sorted by position; none contains the secret.
 */
export function scanText(file: string, text: string, options: ScanOptions = {}): Finding[] {
  const lines = new LineIndex(text);
  const detections = detect(text, options, 0, undefined, lines, hasSectionHeadings(file));
  if (detections.length === 0) return [];
  const findings = detections.map((d): Finding => {
    const from = lines.position(d.start);
    const to = lines.position(d.end);
    return {
      file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, startOffset: d.start, endOffset: d.end,
      rule: d.rule.id, kind: d.rule.kind === 'emulator-key' ? 'account-key' : d.rule.kind, severity: d.rule.defaultSeverity,
      message: messageOf(d), fingerprint: d.fingerprint, encoding: d.encoding, hint: d.hint, ...(d.host ? { host: d.host } : {}),
    };
  });
  findings.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset || (a.fingerprint < b.fingerprint ? -1 : 1));
  return findings;
}

/**
 * Re-reads the secret a finding points at, decoded (for quick-fixes that move it and for "which key leaked?").
 * With the finding's rule and fingerprint, picks the right one of several secrets in one wrapped value.
 * Callers must not keep, log or display the result.
 */
export function extractSecret(text: string, finding: Pick<Finding, 'startOffset' | 'endOffset' | 'kind'> & Partial<Pick<Finding, 'rule' | 'fingerprint' | 'encoding'>>): string | undefined {
  let raw = text.slice(finding.startOffset, finding.endOffset);
  if (finding.encoding === 'quoted-printable') {
    raw = decodeQuotedPrintable(raw).text;
    return secretAmong(detectIn(raw, { emulatorKey: 'inform' }, 0, () => ({ family: 'cosmos' }), new LineIndex(raw), false), finding, raw);
  }
  if (finding.kind === 'mongo-vcore-password' && finding.encoding !== 'base64') return raw;
  if (finding.encoding === 'base64') {
    const decoded = decodeBase64ToLatin1(raw.replace(/[\s=]+/g, '')); // a block wrapped over lines too
    if (decoded === undefined) return undefined;
    return secretAmong(detect(decoded, { emulatorKey: 'inform' }, 1, () => ({ family: 'cosmos' })), finding, decoded);
  }
  if (finding.encoding === 'unpadded') return unpaddedKeyEndingAt(raw, raw.length)?.key;
  const candidate = findKeyCandidates(raw).find((c) => c.start === 0 && c.end === raw.length);
  return candidate?.key;
}

/** The secret of the detection in a decoded value that is the finding's (by fingerprint, else kind), else its first key. */
function secretAmong(inner: readonly Detection[], finding: Partial<Pick<Finding, 'fingerprint' | 'kind'>>, decoded: string): string | undefined {
  const match = inner.find((d) => d.fingerprint === finding.fingerprint) ?? inner.find((d) => d.rule.kind === finding.kind) ?? inner[0];
  return match?.secret ?? findKeyCandidates(decoded)[0]?.key;
}
