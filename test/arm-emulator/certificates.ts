// A throwaway certificate authority and a localhost server certificate for the ARM emulator, made with the
// openssl CLI. The CA's private key is deleted as soon as the leaf is signed and the CA carries name constraints
// (localhost and 127.0.0.1 only), so trusting it through NODE_EXTRA_CA_CERTS cannot vouch for any other host.
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface EmulatorCertificates {
  /** Absolute path of the CA certificate (PEM); pass it as NODE_EXTRA_CA_CERTS to other processes. */
  readonly caPath: string;
  readonly caPem: string;
  readonly certPath: string;
  readonly certPem: string;
  readonly keyPath: string;
  readonly keyPem: string;
  /** True when this call created the files, false when valid ones were reused. */
  readonly generated: boolean;
}

const CA_FILE = 'ca.pem';
const CERT_FILE = 'localhost.pem';
const KEY_FILE = 'localhost-key.pem';
const VALIDITY_DAYS = 90;
/** Certificates closer than this to expiry are replaced. */
const MIN_REMAINING_MS = 7 * 24 * 3600 * 1000;
const LOCK_STALE_MS = 30_000;

/** Per-user default, outside the repository so `git clean` and parallel checkouts do not fight over it. */
export function defaultCertDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `cosmos-guard-arm-emulator-${uid}`);
}

/**
 * Returns the emulator's CA and localhost certificate from `certDir`, creating them when missing, expiring or
 * inconsistent. Safe to call from several processes at once (a lock directory serialises generation).
 */
export async function ensureCertificates(certDir: string = defaultCertDir()): Promise<EmulatorCertificates> {
  const dir = path.resolve(certDir);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const existing = await readValid(dir);
  if (existing) return existing;
  const release = await acquireLock(dir);
  try {
    // Another process may have finished generating while this one waited for the lock.
    const again = await readValid(dir);
    if (again) return again;
    await generate(dir);
    const fresh = await readValid(dir);
    if (!fresh) throw new Error(`openssl produced certificates in ${dir} that do not verify`);
    return { ...fresh, generated: true };
  } finally {
    await release();
  }
}

async function readValid(dir: string): Promise<EmulatorCertificates | undefined> {
  const caPath = path.join(dir, CA_FILE), certPath = path.join(dir, CERT_FILE), keyPath = path.join(dir, KEY_FILE);
  let caPem: string, certPem: string, keyPem: string;
  try {
    [caPem, certPem, keyPem] = await Promise.all([fs.readFile(caPath, 'utf8'), fs.readFile(certPath, 'utf8'), fs.readFile(keyPath, 'utf8')]);
  } catch {
    return undefined;
  }
  try {
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(certPem);
    const soon = Date.now() + MIN_REMAINING_MS;
    const ok = ca.ca && !leaf.ca
      && leaf.checkIssued(ca) && leaf.verify(ca.publicKey)
      && new Date(ca.validTo).getTime() > soon && new Date(leaf.validTo).getTime() > soon
      && new Date(leaf.validFrom).getTime() <= Date.now()
      && leaf.checkHost('localhost') !== undefined && leaf.checkIP('127.0.0.1') !== undefined
      && leaf.checkPrivateKey(createPrivateKey(keyPem));
    return ok ? { caPath, caPem, certPath, certPem, keyPath, keyPem, generated: false } : undefined;
  } catch {
    return undefined;
  }
}

function opensslConfig(): string {
  return [
    '[req]',
    'distinguished_name = dn',
    'prompt = no',
    '[dn]',
    'CN = localhost',
    '[ca_ext]',
    'basicConstraints = critical, CA:true, pathlen:0',
    'keyUsage = critical, keyCertSign, cRLSign',
    'nameConstraints = critical, permitted;DNS:localhost, permitted;IP:127.0.0.1/255.255.255.255',
    'subjectKeyIdentifier = hash',
    '[leaf_ext]',
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectAltName = DNS:localhost, IP:127.0.0.1',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    '',
  ].join('\n');
}

async function generate(dir: string): Promise<void> {
  const work = await fs.mkdtemp(path.join(dir, '.gen-'));
  const f = (name: string) => path.join(work, name);
  const openssl = (...args: string[]) => execFileAsync('openssl', args, { cwd: work, timeout: 30_000 });
  try {
    await fs.writeFile(f('openssl.cnf'), opensslConfig());
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    const tag = randomBytes(4).toString('hex');
    await openssl('req', '-x509', ...ec, '-keyout', f('ca-key.pem'), '-out', f(CA_FILE), '-days', String(VALIDITY_DAYS),
      '-subj', `/CN=Cosmos Guard ARM emulator throwaway CA ${tag}`, '-config', f('openssl.cnf'), '-extensions', 'ca_ext');
    await openssl('req', '-new', ...ec, '-keyout', f(KEY_FILE), '-out', f('localhost.csr'), '-subj', '/CN=localhost',
      '-config', f('openssl.cnf'));
    await openssl('x509', '-req', '-in', f('localhost.csr'), '-CA', f(CA_FILE), '-CAkey', f('ca-key.pem'),
      '-set_serial', `0x${randomBytes(12).toString('hex')}`, '-days', String(VALIDITY_DAYS - 1), '-out', f(CERT_FILE),
      '-extfile', f('openssl.cnf'), '-extensions', 'leaf_ext');
    await fs.chmod(f(KEY_FILE), 0o600);
    // Leaf and key first, CA last: a reader that sees the new CA also sees a leaf it signed.
    for (const name of [KEY_FILE, CERT_FILE, CA_FILE]) await fs.rename(f(name), path.join(dir, name));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not create the ARM emulator's certificates with openssl in ${dir}: ${detail}`);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const lock = path.join(dir, '.lock');
  const deadline = Date.now() + 2 * LOCK_STALE_MS;
  for (;;) {
    try {
      await fs.mkdir(lock);
      return () => fs.rm(lock, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const stat = await fs.stat(lock).catch(() => undefined);
      if (stat && Date.now() - stat.mtimeMs > LOCK_STALE_MS) {
        await fs.rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the certificate lock ${lock}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
