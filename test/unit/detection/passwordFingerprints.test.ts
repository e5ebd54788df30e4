// vCore passwords are user-chosen: their fingerprints (published in SARIF, JSON and .cosmosguardignore) must not be
// a function of the password (issue 11 §2). They are built from the credential's identity: rule, host, user.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { identityFingerprint, scanText } from '../../../src/core/detection';
import { sha256Hex } from '../../../src/core/hashing/sha256';
import { buildSarifLog, serializeSarif } from '../../../src/core/sarif';
import { formatIgnoreFileEntry } from '../../../src/core/suppression';
import { makeTree, removeTree, runCli } from '../cli/cliHarness';
import { seededRandom } from '../../support/keyFactory';

const RULE = 'cosmos-mongo-vcore-password';
const rnd = seededRandom(Math.floor(Math.random() * 2 ** 31));
function password(): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let p = '';
  for (let i = 0; i < 14; i++) p += letters[Math.floor(rnd() * letters.length)];
  return `${p.slice(0, 7)}!${p.slice(7)}`;
}
const uri = (user: string, pw: string, host = 'shop.mongocluster.cosmos.azure.com'): string =>
  `MONGO_URL=mongodb+srv://${user}:${pw}@${host}/?tls=true&authMechanism=SCRAM-SHA-256\n`;
const only = (text: string) => {
  const found = scanText('.env', text);
  assert.equal(found.length, 1, text);
  return found[0]!;
};
/** Every 6-character piece of the password, and the hashes the fingerprint used to be made of. */
function derivedValues(pw: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + 6 <= pw.length; i++) pieces.push(pw.slice(i, i + 6));
  let stretched = sha256Hex(`cosmos-guard/1\u0000${RULE}\u0000${pw}`);
  const plain = stretched.slice(0, 32);
  for (let i = 0; i < 2048; i++) stretched = sha256Hex(stretched + pw);
  return [...pieces, plain, stretched.slice(0, 32), pw.slice(-4)];
}
function assertNoPasswordIn(output: string, pw: string, what: string): void {
  for (const v of derivedValues(pw)) assert.ok(!output.includes(v), `${what} holds a value derived from the password (${v.length} characters)`);
}

describe('vCore password fingerprints', () => {
  it('do not change when only the password changes', () => {
    const a = only(uri('app', password()));
    const b = only(uri('app', password()));
    assert.equal(a.fingerprint, b.fingerprint);
    assert.equal(a.fingerprint, identityFingerprint(RULE, 'shop.mongocluster.cosmos.azure.com', 'app'));
  });

  it('change with the host or the user, and are the same however the host is written', () => {
    const pw = password();
    const base = only(uri('app', pw)).fingerprint;
    assert.notEqual(only(uri('admin', pw)).fingerprint, base, 'another user');
    assert.notEqual(only(uri('app', pw, 'other.mongocluster.cosmos.azure.com')).fingerprint, base, 'another cluster');
    assert.notEqual(only(uri('app', pw, 'shop.global.mongocluster.cosmos.azure.com')).fingerprint, base, 'the global endpoint is another host');
    assert.equal(identityFingerprint(RULE, 'SHOP.MongoCluster.Cosmos.Azure.com.', 'app'), base, 'host case, trailing dot');
    assert.equal(only(`x = "mongodb+srv://app:${pw}@shop.mongocluster.cosmos.azure.com:10260/?tls=true"\n`).fingerprint, base, 'a port');
  });

  it('never show the password: no hint, no piece of it in the message', () => {
    const pw = password();
    const f = only(uri('app', pw));
    assert.equal(f.hint, '');
    assertNoPasswordIn(JSON.stringify(f), pw, 'the finding');
  });

  it('leave nothing derived from the password in SARIF or a .cosmosguardignore entry', () => {
    const pw = password();
    const f = only(uri('app', pw));
    const sarif = serializeSarif(buildSarifLog([f], { toolVersion: '0.0.0' }));
    assert.ok(sarif.includes(f.fingerprint), 'SARIF carries the fingerprint');
    assertNoPasswordIn(sarif, pw, 'SARIF');
    assertNoPasswordIn(formatIgnoreFileEntry({ path: '.env', fingerprint: f.fingerprint, reason: 'test cluster' }), pw, 'the ignore entry');
  });

  it('through the CLI: JSON and SARIF hold no password-derived value; an ignore entry outlives a password change', () => {
    const pw = password();
    const dir = makeTree({ 'app/.env': uri('app', pw) });
    try {
      const json = runCli(['scan', dir, '--format', 'json']);
      assert.equal(json.status, 1, json.stderr);
      assertNoPasswordIn(json.stdout + json.stderr, pw, 'the JSON report');
      const sarif = runCli(['scan', dir, '--format', 'sarif']);
      assertNoPasswordIn(sarif.stdout + sarif.stderr, pw, 'the SARIF report');
      const text = runCli(['scan', dir]);
      assertNoPasswordIn(text.stdout + text.stderr, pw, 'the text report');

      const fingerprint = (JSON.parse(json.stdout) as { findings: { fingerprint: string }[] }).findings[0]!.fingerprint;
      fs.writeFileSync(path.join(dir, '.cosmosguardignore'), `${formatIgnoreFileEntry({ path: 'app/.env', fingerprint, reason: 'shared test cluster' })}\n`);
      assert.equal(runCli(['scan', dir]).status, 0, 'suppressed');
      // The documented trade-off: a new password for the same user@host in the same file stays suppressed …
      fs.writeFileSync(path.join(dir, 'app', '.env'), uri('app', password()));
      assert.equal(runCli(['scan', dir]).status, 0, 'a changed password keeps its fingerprint');
      // … another user on that cluster does not.
      fs.writeFileSync(path.join(dir, 'app', '.env'), uri('ops', pw));
      assert.equal(runCli(['scan', dir]).status, 1, 'another user is reported');
    } finally {
      removeTree(dir);
    }
  });
});
