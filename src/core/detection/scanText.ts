import { sha256Hex } from '../hashing/sha256';
import { FileContext, identifiableKeyContext, legacyKeyContext, type Family, type KeyContext } from './cosmosContext';
import { wellKnownKey } from './emulatorKey';
import { type Finding, type ScanOptions, type SecretEncoding, type SecretKind } from './finding';
import { hasIdentifiableSignature, identifiableKeySeed, IDENTIFIABLE_SEEDS } from './identifiableKey';
import { findKeyCandidates } from './keyCandidates';
import { LineIndex } from './lineIndex';
import { isFillerKey } from './placeholder';
import { ruleForKind, type DetectionRule } from './rules';
import { findVcorePasswords } from './vcorePassword';

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
  url: ', URL-encoded',
  'json-escaped': ', JSON-escaped',
  base64: ', base64-wrapped',
  concatenated: ', split across string literals',
};

/**
 * ASCII strings at least one of which occurs in any text that can hold a Cosmos secret: the key terminators
 * (`==`, `%3D%3D`, `\u003D…`), the tail of a base64-wrapped key with a newline (`PQo=`) and the vCore host.
 * Byte-level pre-checks (the CLI's reader) use the same list, so it lives here, next to its one consumer.
 */
export const SECRET_TRIGGERS: readonly string[] = ['==', '%3D', '%3d', 'PQo=', '\\u003', '.mongocluster.cosmos.azure.'];

/** The cheapest possible test that a text can hold no Cosmos secret at all. */
function mayContainSecret(text: string): boolean {
  return SECRET_TRIGGERS.some((t) => text.includes(t));
}

/** Last (up to) four characters: enough to tell two keys apart, never enough to use one. */
export function maskHint(secret: string): string {
  return secret.length <= 8 ? '' : secret.slice(-4);
}

/** A stable fingerprint (rule + secret): identical for the same secret wherever it moves, useless to an attacker. */
export function fingerprintOf(ruleId: string, secret: string, stretch = false): string {
  let h = sha256Hex(`cosmos-guard/1\u0000${ruleId}\u0000${secret}`);
  // User-chosen passwords are guessable; stretching makes a dictionary attack on the fingerprint expensive.
  if (stretch) for (let i = 0; i < 2048; i++) h = sha256Hex(h + secret);
  return h.slice(0, 32);
}

/**
 * Scans one file's text for hard-coded Azure Cosmos DB secrets. Pure: the caller reads the file and passes its
 * path (used verbatim in findings) and text. Findings are sorted by position; none contains the secret.
 */
export function scanText(file: string, text: string, options: ScanOptions = {}): Finding[] {
  if (!mayContainSecret(text)) return [];
  const lines = new LineIndex(text);
  const fileContext = new FileContext(text, lines);
  const findings: Finding[] = [];

  const push = (rule: DetectionRule, start: number, end: number, secret: string, encoding: SecretEncoding, host: string | undefined,
    message: string, stretch = false): void => {
    const from = lines.position(start);
    const to = lines.position(end);
    findings.push({
      file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, startOffset: start, endOffset: end,
      rule: rule.id, kind: rule.kind === 'emulator-key' ? 'account-key' : rule.kind, severity: rule.defaultSeverity,
      message, fingerprint: fingerprintOf(rule.id, secret, stretch), encoding, hint: maskHint(secret), ...(host ? { host } : {}),
    });
  };

  for (const c of findKeyCandidates(text)) {
    const wellKnown = wellKnownKey(c.key);
    if (wellKnown === 'storage-emulator') continue;
    if (wellKnown === 'cosmos-emulator') {
      if (options.emulatorKey === 'inform') {
        const rule = ruleForKind('emulator-key');
        push(rule, c.start, c.end, c.key, c.encoding, undefined,
          `${rule.description}: fine for local development, but it is not a credential for any Azure account.`);
      }
      continue;
    }
    let context: KeyContext;
    let format: string;
    if (hasIdentifiableSignature(c.key)) {
      const seed = identifiableKeySeed(c.key);
      if (!seed) continue; // `ACDb` in place but the checksum fails: made up, not a key
      context = identifiableKeyContext(text, c.start, c.end);
      format = `identifiable format, ${IDENTIFIABLE_SEEDS[seed]} key`;
    } else {
      if (isFillerKey(c.key)) continue;
      context = legacyKeyContext(c.start, c.end, fileContext);
      format = '';
    }
    let kind = KIND_BY_FAMILY[context.family];
    if (!kind) {
      if (!format) continue; // a legacy key without Cosmos context, or with another service's context
      kind = 'identifiable-key';
    }
    const rule = ruleForKind(kind);
    const hint = maskHint(c.key);
    const details = [format, ENCODING_NOTE[c.encoding].replace(/^, /, '')].filter(Boolean).join(', ');
    const where = context.host ? ` for ${context.host}` : '';
    push(rule, c.start, c.end, c.key, c.encoding, context.host,
      `${rule.description}${where} (…${hint}${details ? `; ${details}` : ''}). Move it to a secret store and regenerate the key.`);
  }

  for (const p of findVcorePasswords(text)) {
    const rule = ruleForKind('mongo-vcore-password');
    push(rule, p.start, p.end, p.password, 'raw', p.host,
      `${rule.description} for user '${p.user}' on ${p.host}. Move it to a secret store and change the password.`, true);
  }

  findings.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  return findings;
}

/**
 * Re-reads the secret a finding points at, decoded (for quick-fixes that move it and for "which key leaked?").
 * Callers must not keep, log or display the result.
 */
export function extractSecret(text: string, finding: Pick<Finding, 'startOffset' | 'endOffset' | 'kind'>): string | undefined {
  const raw = text.slice(finding.startOffset, finding.endOffset);
  if (finding.kind === 'mongo-vcore-password') return raw;
  const candidate = findKeyCandidates(raw).find((c) => c.start === 0 && c.end === raw.length);
  return candidate?.key;
}
