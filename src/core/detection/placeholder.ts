import { BASE64_VALUE, decodeBase64 } from './base64';

// Placeholders are judged on the whole value, never on substrings: a random key may well contain "Test" or
// "fake" (policy rule 2), but a filler such as `AAAA…==`, `abcabc…==` or `YourCosmosKeyHere…==` is not random.

/**
 * True when an 88-character key-shaped value is a filler rather than random key material. A random 64-byte key
 * has ~47 distinct characters, ~13 digits and no long runs; the bounds below misjudge a random key with
 * probability below 1e-6.
 */
export function isFillerKey(key: string): boolean {
  const body = key.slice(0, 86);
  const seen = new Set<string>();
  let digits = 0, run = 1, maxRun = 1, ascending = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    seen.add(ch);
    const code = body.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    if (i > 0) {
      const prev = body.charCodeAt(i - 1);
      run = code === prev ? run + 1 : 1;
      if (run > maxRun) maxRun = run;
      if (BASE64_VALUE[code]! === BASE64_VALUE[prev]! + 1) ascending++;
    }
  }
  if (seen.size < 20) return true; // repeated patterns: "abcd" × 21, "x" × 86, "0123456789" × 8
  if (maxRun >= 6) return true; // "…AAAAAA…" fillers and zero padding
  if (ascending > 20) return true; // "ABCDEFGH…" alphabet walks
  if (digits < 2) return true; // words written to look like a key ("YourPrimaryKeyGoesHere…")
  // Base64 of readable text ("this is not a real key…"): random bytes are printable ASCII 37% of the time.
  const bytes = decodeBase64(key);
  if (bytes) {
    let printable = 0;
    for (const b of bytes) if (b >= 32 && b < 127) printable++;
    if (printable >= bytes.length * 0.9) return true;
  }
  return false;
}

const PASSWORD_PLACEHOLDERS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'secret', 'changeme', 'change_me', 'changeit', 'placeholder', 'redacted',
  'example', 'sample', 'dummy', 'test', 'none', 'null', 'undefined', 'mypassword', 'yourpassword', 'your_password',
  'your-password', 'adminpassword', 'admin', 'user', 'username', 'key', 'tbd', 'todo', 'xxx',
]);

/** True when a user-chosen password (vCore URIs) is a placeholder, reference or redaction, not a real secret. */
export function isPlaceholderPassword(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (/^[<{[(].*[>}\])]$/.test(v)) return true; // <password>, {password}, [password], (password)
  if (/\$\{|\$\(|\{\{|%[A-Za-z_]+%|^\$[A-Za-z_]|^%s$|^:[A-Za-z_]/.test(v)) return true; // ${X} $(X) {{x}} %X% $X
  if (/^[*•xX#._-]+$/.test(v) || /\*{3,}|x{4,}|X{4,}|\.\.\./.test(v)) return true; // redactions and ellipses
  const lower = v.toLowerCase().replace(/[^a-z_-]/g, '');
  if (PASSWORD_PLACEHOLDERS.has(v.toLowerCase()) || (lower.length === v.length && PASSWORD_PLACEHOLDERS.has(lower))) return true;
  if (/^(your|my|the|enter|insert|replace|put)[-_ ]?(own[-_ ]?)?(db[-_ ]?|cluster[-_ ]?|admin[-_ ]?|user[-_ ]?|mongo[-_ ]?)?(password|passwd|pwd|secret|pass)/i.test(v)) return true;
  return false;
}
