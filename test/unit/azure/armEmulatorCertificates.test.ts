// The emulator's throwaway CA and localhost certificate: generated with openssl, reused while valid, replaced
// when broken, safe under concurrent callers, and trusted by another process through NODE_EXTRA_CA_CERTS.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureCertificates } from '../../arm-emulator/certificates';

const run = promisify(execFile);

describe('ARM emulator certificates', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cg-emulator-certs-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('creates a CA and a localhost leaf it signed, and deletes the CA key', async () => {
    const c = await ensureCertificates(dir);
    assert.equal(c.generated, true);
    assert.equal(c.caPath, path.join(dir, 'ca.pem'));
    assert.deepEqual((await fs.readdir(dir)).sort(), ['ca.pem', 'localhost-key.pem', 'localhost.pem']);
    const ca = new X509Certificate(c.caPem), leaf = new X509Certificate(c.certPem);
    assert.equal(ca.ca, true);
    assert.equal(leaf.ca, false);
    assert.ok(leaf.verify(ca.publicKey));
    assert.equal(leaf.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
    assert.equal((await fs.stat(c.keyPath)).mode & 0o077, 0, 'the private key is readable by its owner only');
  });

  it('limits the CA to localhost and 127.0.0.1 with critical name constraints', async () => {
    const c = await ensureCertificates(dir);
    const { stdout } = await run('openssl', ['x509', '-in', c.caPath, '-noout', '-text']);
    assert.match(stdout, /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:localhost\s+IP:127\.0\.0\.1\/255\.255\.255\.255/);
  });

  it('reuses valid certificates', async () => {
    const first = await ensureCertificates(dir);
    const second = await ensureCertificates(dir);
    assert.equal(second.generated, false);
    assert.equal(second.caPem, first.caPem);
    assert.equal(second.certPem, first.certPem);
  });

  it('replaces a broken or mismatched set', async () => {
    const first = await ensureCertificates(dir);
    await fs.writeFile(first.certPath, 'garbage');
    const second = await ensureCertificates(dir);
    assert.equal(second.generated, true);
    assert.notEqual(second.caPem, first.caPem);
    // A leaf from another CA is as bad as garbage.
    const other = await ensureCertificates(path.join(dir, 'other'));
    await fs.copyFile(other.certPath, second.certPath);
    await fs.copyFile(other.keyPath, second.keyPath);
    assert.equal((await ensureCertificates(dir)).generated, true);
  });

  it('gives concurrent callers the same certificates', async () => {
    const all = await Promise.all([ensureCertificates(dir), ensureCertificates(dir), ensureCertificates(dir)]);
    assert.equal(new Set(all.map((c) => c.caPem)).size, 1);
    assert.equal(all.filter((c) => c.generated).length, 1);
  });
});
