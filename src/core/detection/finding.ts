/** The kinds of Cosmos DB secret the scanner knows. Stable: used in JSON output, SARIF and settings. */
export type SecretKind =
  | 'sql-connection-string'
  | 'table-connection-string'
  | 'mongodb-uri'
  | 'mongo-vcore-password'
  | 'cassandra'
  | 'gremlin'
  | 'account-key'
  | 'identifiable-key';

export type Severity = 'error' | 'warning' | 'info';

/**
 * How the secret was written in the file (for messages and quick-fixes): `escaped` covers the other serializers'
 * escapes (`\=` of Java properties, `&#x3D;` of XML, `\x3D`), `base64` a key or a whole connection string or URI
 * that was base64-encoded, `unpadded` a key without its `==` padding (a password for Gremlin, Cassandra, MongoDB),
 * `quoted-printable` a secret in an e-mail body (`=3D` for `=`, cut by soft line breaks).
 */
export type SecretEncoding = 'raw' | 'url' | 'json-escaped' | 'escaped' | 'base64' | 'concatenated' | 'unpadded' | 'quoted-printable';

/**
 * Whether the text of a finding written in `encoding` can be moved or replaced as it stands (raw, percent-encoded,
 * JSON-escaped, unpadded): a wrapped, split, serializer-escaped or quoted-printable value's text is not the secret.
 */
export function isRewritable(encoding: SecretEncoding): boolean {
  return encoding !== 'base64' && encoding !== 'concatenated' && encoding !== 'escaped' && encoding !== 'quoted-printable';
}

/** Positions are 1-based; `endColumn` is exclusive (points just past the last character of the secret). */
export interface Finding {
  /** The path the caller passed in (the CLI passes a path relative to the scanned root, POSIX separators). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based offsets into the scanned text, [start, end), covering only the secret. */
  readonly startOffset: number;
  readonly endOffset: number;
  /** Stable rule id, e.g. `cosmos-sql-connection-string`. */
  readonly rule: string;
  /** The secret's kind; `key-based-client` for the code rule `cosmos-key-based-client` (src/core/clients), which reports no secret. */
  readonly kind: SecretKind | 'key-based-client';
  readonly severity: Severity;
  /** Names the kind of secret; never contains it (at most its last 4 characters). */
  readonly message: string;
  /** Stable hex hash of (rule, normalised secret) — no key material, same across moves within a file. */
  readonly fingerprint: string;
  readonly encoding: SecretEncoding;
  /** Cosmos endpoint host found with the secret (connection strings/URIs), for "which key leaked?". */
  readonly host?: string;
  /** The last (up to) 4 characters of the decoded secret, for display. */
  readonly hint: string;
}

export interface ScanOptions {
  /** What to do with the public emulator key: drop it (default) or report it as `info`. */
  readonly emulatorKey?: 'ignore' | 'inform';
}
