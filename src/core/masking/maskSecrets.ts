// Masks Cosmos DB key material in free text (log lines, error messages, stack traces) before it is written
// anywhere. Deliberately broader than the detector: a false positive here costs a few hidden characters, a miss
// leaks a key.

/** What replaces a secret: an ellipsis plus at most the last four characters, which identify but cannot be used. */
export function maskValue(secret: string): string {
  return secret.length <= 8 ? '…' : `…${secret.slice(-4)}`;
}

// A Cosmos key is 86 base64 characters and `==`; also match its URL-encoded and JSON-escaped spellings.
const KEY_RUN = /(?:[A-Za-z0-9+]|\\?\/|%2[BbFf]){86}(?:==|%3[Dd]%3[Dd]|\\u003[Dd]\\u003[Dd])/g;
// `AccountKey=…;` and the other key-bearing connection-string fields.
const KEY_FIELD = /\b(AccountKey|SharedAccessKey|Password|Pwd)(\s*=\s*)([^;"'`\s]+)/gi;
// The password in `scheme://user:password@host` (mongodb, mongodb+srv, and any other URI with user info).
const URI_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:@/\s"'`]*:)([^@\s"'`]+)@/gi;

/** Returns `text` with every key-like value replaced by {@link maskValue}. */
export function maskSecrets(text: string): string {
  return text
    .replace(KEY_FIELD, (_m, field: string, eq: string, value: string) => `${field}${eq}${maskValue(value)}`)
    .replace(URI_PASSWORD, (_m, prefix: string, password: string) => `${prefix}${maskValue(password)}@`)
    .replace(KEY_RUN, (key) => maskValue(key));
}
