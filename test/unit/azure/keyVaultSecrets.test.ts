// Writing a connection string into Key Vault with the real @azure/keyvault-secrets over HTTPS (a loopback stand-in
// for one vault): the bearer challenge names the scope, the secret is tagged, the value never comes back out, and
// failures are plain words. Also which clouds have a Key Vault at all, and the vault URL of each.
import * as assert from 'node:assert/strict';
import { AZURE_PUBLIC_CLOUD, cloudForEndpoint, customCloud } from '../../../src/azure/armCloud';
import { keyVaultAvailability, KeyVaultSecretWriter, KeyVaultWriteError, vaultUrl } from '../../../src/azure/keyVaultSecrets';
import { StaticTokenCredential } from '../../../src/azure/staticTokenCredential';
import { rejection } from './support/emulatorHarness';
import { startKeyVaultStub, type KeyVaultStub } from './support/keyVaultStub';

describe('Key Vault secrets', () => {
  it('builds the vault URL from the name and the cloud', () => {
    const suffix = (endpoint: string) => {
      const a = keyVaultAvailability(cloudForEndpoint(endpoint), new StaticTokenCredential('t'));
      assert.ok(a.available, endpoint);
      return a.dnsSuffix;
    };
    assert.equal(vaultUrl('Contoso-KV', suffix('https://management.azure.com')), 'https://contoso-kv.vault.azure.net');
    assert.equal(vaultUrl('contoso-kv', suffix('https://management.usgovcloudapi.net')), 'https://contoso-kv.vault.usgovcloudapi.net');
    assert.equal(vaultUrl('contoso-kv', suffix('https://management.chinacloudapi.cn')), 'https://contoso-kv.vault.azure.cn');
    assert.throws(() => vaultUrl('kv', 'vault.azure.net'), /3 to 24 characters/);
    assert.throws(() => vaultUrl('evil.example.com/x', 'vault.azure.net'), /only letters, digits and hyphens/);
  });

  it('is unavailable with a custom ARM endpoint (its static token goes nowhere else), or without a scoped credential', () => {
    const custom = keyVaultAvailability(customCloud('https://localhost:8443'), new StaticTokenCredential('t'));
    assert.equal(custom.available, false);
    if (!custom.available) assert.match(custom.reason, /^Key Vault is not available with the custom ARM endpoint https:\/\/localhost:8443: its static token is sent to that endpoint only/);
    assert.equal(keyVaultAvailability(AZURE_PUBLIC_CLOUD, undefined).available, false);
  });

  describe('writes', () => {
    let vault: KeyVaultStub;
    const scopes: string[][] = [];
    const credential = { getToken: (s: string | string[]) => {
      scopes.push(Array.isArray(s) ? [...s] : [s]);
      return Promise.resolve({ token: 'kv-token', expiresOnTimestamp: Date.now() + 3_600_000 });
    } };
    const writer = () => new KeyVaultSecretWriter({ userAgentPrefix: 'cosmos-guard-test', caPem: vault.caPem, disableChallengeResourceVerification: true });

    before(async () => {
      vault = await startKeyVaultStub('kv-token');
    });
    after(() => vault.close());

    it('adds a tagged secret version, asking for the scope Key Vault\'s challenge names, and returns only its id', async () => {
      const value = 'AccountEndpoint=https://contoso-orders.documents.azure.com:443/;AccountKey=abc==;';
      const written = await writer().write({ vaultUrl: vault.url, credential, secretName: 'contoso-orders-cosmos', value,
        tags: { CredentialId: 'secondary', ProviderAddress: '/subscriptions/x/…/contoso-orders' } });
      assert.equal(vault.secrets.length, 1);
      assert.deepEqual(vault.secrets[0], { name: 'contoso-orders-cosmos', version: written.version, value, contentType: 'text/plain',
        tags: { CredentialId: 'secondary', ProviderAddress: '/subscriptions/x/…/contoso-orders' } });
      assert.equal(written.id, `${vault.url}/secrets/contoso-orders-cosmos/${written.version}`);
      assert.ok(!JSON.stringify(written).includes('AccountKey'), 'the value does not come back');
      assert.deepEqual(scopes.at(-1), ['https://vault.azure.net/.default']);
    });

    it('explains a refused write (403) with the role to ask for, and a soft-deleted name (409)', async () => {
      vault.failNext(403, 'Forbidden', 'Caller is not authorized to perform action on resource.');
      const denied = await rejection(writer().write({ vaultUrl: vault.url, credential, secretName: 's1', value: 'v' }));
      assert.ok(denied instanceof KeyVaultWriteError);
      assert.match(denied.message, /^Key Vault refused to write secret "s1" in Key Vault https:\/\/localhost:\d+ \(403 Forbidden\): you need the Key Vault Secrets Officer role/);
      vault.failNext(409, 'Conflict', 'Secret s2 is currently in a deleted but recoverable state.');
      const conflict = await rejection(writer().write({ vaultUrl: vault.url, credential, secretName: 's2', value: 'v' }));
      assert.match(conflict.message, /a deleted secret with that name is waiting to be recovered or purged/);
    });

    it('checks the secret name before sending anything', async () => {
      const before = vault.secrets.length;
      const bad = await rejection(writer().write({ vaultUrl: vault.url, credential, secretName: 'no_underscores', value: 'v' }));
      assert.match(bad.message, /only letters, digits and hyphens/);
      assert.equal(vault.secrets.length, before);
    });
  });
});
