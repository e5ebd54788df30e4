import { sha256Hex } from '../hashing/sha256';

// Fingerprints identify a finding in SARIF (`partialFingerprints`), the CLI's JSON, baselines and
// `.cosmosguardignore` entries. They are published, so they must be useless to an attacker, and stable across
// machines and runs, so that baselines and ignore files keep working.

/**
 * An account key's fingerprint: a hash of the rule and the key. Account keys are 512 random bits, so the hash
 * cannot be reversed or guessed; the same key gives the same fingerprint wherever it moves.
 */
export function fingerprintOf(ruleId: string, key: string): string {
  return sha256Hex(`cosmos-guard/1\u0000${ruleId}\u0000${key}`).slice(0, 32);
}

/**
 * A user-chosen password's fingerprint is built from where the credential is used, never from the password: the
 * rule, the normalised cluster host and the user name. A hash of a password — however salted or stretched, with a
 * salt everyone knows — can be attacked offline with a dictionary; this one holds nothing to attack.
 *
 * Trade-off: a different password for the same user on the same cluster keeps the fingerprint, so a
 * `.cosmosguardignore` entry (which binds path and fingerprint) or a baseline entry also covers a changed
 * password in that file; the same user@host in another file is still reported.
 */
export function identityFingerprint(ruleId: string, host: string, user: string): string {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  return sha256Hex(`cosmos-guard/identity/1\u0000${ruleId}\u0000${h}\u0000${user}`).slice(0, 32);
}
