// A loopback HTTPS stand-in for one Key Vault's secrets endpoint, enough for @azure/keyvault-secrets' setSecret:
// the unauthenticated first request gets Key Vault's bearer challenge (naming the vault resource and tenant), the
// retry with a token is checked and stored. Same throwaway CA as the ARM emulator. Unit tests only.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { defaultCertDir, ensureCertificates } from '../../../arm-emulator/certificates';

export interface StoredSecret {
  readonly name: string;
  readonly version: string;
  readonly value: string;
  readonly contentType?: string;
  readonly tags?: Record<string, string>;
}

export interface KeyVaultStub {
  readonly url: string;
  readonly caPem: string;
  readonly secrets: StoredSecret[];
  /** Answer the next authenticated PUT with this status and Key Vault error. */
  failNext(status: number, code: string, message: string): void;
  close(): Promise<void>;
}

export async function startKeyVaultStub(token: string): Promise<KeyVaultStub> {
  const certs = await ensureCertificates(defaultCertDir());
  const secrets: StoredSecret[] = [];
  let failure: { status: number; code: string; message: string } | undefined;
  let origin = '';
  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', origin);
      const m = /^\/secrets\/([A-Za-z0-9-]+)$/.exec(url.pathname);
      if (req.method !== 'PUT' || !m) return send(404, { error: { code: 'NotFound', message: 'No such route.' } });
      if (req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } }, {
          'WWW-Authenticate': 'Bearer authorization="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", resource="https://vault.azure.net"',
        });
      }
      if (failure) {
        const f = failure;
        failure = undefined;
        return send(f.status, { error: { code: f.code, message: f.message } });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { value: string; contentType?: string; tags?: Record<string, string> };
      const version = randomUUID().replace(/-/g, '');
      secrets.push({ name: m[1]!, version, value: body.value, contentType: body.contentType, tags: body.tags });
      const now = Math.floor(Date.now() / 1000);
      send(200, { value: body.value, contentType: body.contentType, tags: body.tags, id: `${origin}/secrets/${m[1]!}/${version}`,
        attributes: { enabled: true, created: now, updated: now, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    caPem: certs.caPem,
    secrets,
    failNext: (status, code, message) => { failure = { status, code, message }; },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
