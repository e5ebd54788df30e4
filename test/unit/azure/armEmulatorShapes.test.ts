// The emulator's JSON must not drift from ARM: every field of the official examples (test/arm-emulator/fixtures)
// must appear in the emulator's answer with the same JSON type.
import * as assert from 'node:assert/strict';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import getExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountGet.json';
import listExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountList.json';
import connectionStringsExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountListConnectionStrings.json';
import listKeysExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountListKeys.json';
import readOnlyKeysExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountListReadOnlyKeys.json';
import regenerateExample from '../../arm-emulator/fixtures/CosmosDBDatabaseAccountRegenerateKey.json';
import notebookGetExample from '../../arm-emulator/fixtures/CosmosDBNotebookWorkspaceGet.json';
import notebookListExample from '../../arm-emulator/fixtures/CosmosDBNotebookWorkspaceList.json';
import { rawRequest } from './support/emulatorHarness';

const SUB = '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e';
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.DocumentDB/databaseAccounts/ddb1`;
const V = '?api-version=2026-03-15';

/** Fields the examples show that a real account has only in some states (a backup-mode migration, user-assigned identities). */
const OPTIONAL = new Set(['properties.backupPolicy.migrationState', 'identity.userAssignedIdentities']);

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function isOptional(path: string): boolean {
  return OPTIONAL.has(path.replace(/^value\[0\]\./, ''));
}

/** Paths where `actual` lacks a field of `example` or has another JSON type (arrays: first elements compared). */
function shapeDifferences(example: unknown, actual: unknown, path = ''): string[] {
  if (isOptional(path)) return [];
  if (jsonType(example) !== jsonType(actual)) return [`${path || '<root>'}: ${jsonType(example)} expected, got ${jsonType(actual)}`];
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0) return [];
    if (actual.length === 0) return [`${path}: non-empty array expected`];
    return shapeDifferences(example[0], actual[0], `${path}[0]`);
  }
  if (jsonType(example) === 'object') {
    const a = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([k, v]) => {
      const p = path ? `${path}.${k}` : k;
      if (isOptional(p)) return [];
      return k in a ? shapeDifferences(v, a[k], p) : [`${p}: missing`];
    });
  }
  return [];
}

describe('ARM emulator: response shapes match the official examples', () => {
  let emu: ArmEmulator;

  before(async () => {
    emu = await startArmEmulator({ scenario: { subscriptions: [{ subscriptionId: SUB, displayName: 'Shapes', accounts: [{
      name: 'ddb1', resourceGroup: 'rg1', location: 'East US', createdAt: '2021-03-12T22:05:09Z', keysGeneratedAt: '-30d',
      notebookWorkspace: 'present', privateEndpoints: [{ name: 'pe1', status: 'Approved' }],
      identity: { type: 'SystemAssigned', principalId: '52f4fef3-3c3f-4ff3-b52e-b5c9eeb68656', tenantId: '33e01921-4d64-4f8c-a055-5bdaffd5e33d' },
      properties: {
        ipRules: [{ ipAddressOrRange: '23.43.230.120' }],
        virtualNetworkRules: [{ id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`, ignoreMissingVNetServiceEndpoint: false }],
      },
    }] }] } });
  });
  after(() => emu.close());

  async function body(method: string, path: string): Promise<unknown> {
    const r = await rawRequest(emu, method, path);
    assert.equal(r.status, 200, `${method} ${path}: ${r.text.slice(0, 200)}`);
    return r.json;
  }

  it('database account get', async () => {
    assert.deepEqual(shapeDifferences(getExample.responses['200'].body, await body('GET', `${ACCOUNT}${V}`)), []);
  });

  it('database account list (with systemData)', async () => {
    assert.deepEqual(shapeDifferences(listExample.responses['200'].body,
      await body('GET', `/subscriptions/${SUB}/providers/Microsoft.DocumentDB/databaseAccounts${V}`)), []);
  });

  it('listKeys, readonlykeys and listConnectionStrings', async () => {
    assert.deepEqual(shapeDifferences(listKeysExample.responses['200'].body, await body('POST', `${ACCOUNT}/listKeys${V}`)), []);
    assert.deepEqual(shapeDifferences(readOnlyKeysExample.responses['200'].body, await body('POST', `${ACCOUNT}/readonlykeys${V}`)), []);
    assert.deepEqual(shapeDifferences(connectionStringsExample.responses['200'].body, await body('POST', `${ACCOUNT}/listConnectionStrings${V}`)), []);
  });

  it('notebook workspace get and list', async () => {
    assert.deepEqual(shapeDifferences(notebookGetExample.responses['200'].body, await body('GET', `${ACCOUNT}/notebookWorkspaces/default${V}`)), []);
    assert.deepEqual(shapeDifferences(notebookListExample.responses['200'].body, await body('GET', `${ACCOUNT}/notebookWorkspaces${V}`)), []);
  });

  it('regenerateKey 202 headers follow the example\'s operationsStatus URL pattern', async () => {
    const r = await rawRequest(emu, 'POST', `${ACCOUNT}/regenerateKey${V}`, { body: regenerateExample.parameters.keyToRegenerate });
    assert.equal(r.status, 202);
    const pattern = (url: string) => new URL(url).pathname.replace(/\/subscriptions\/[^/]+/, '/subscriptions/{sub}')
      .replace(/\/locations\/[^/]+/, '/locations/{loc}').replace(/\/[0-9a-f-]{36}$/, '/{id}') + new URL(url).search;
    const example = regenerateExample.responses['202'].headers['Azure-AsyncOperation'];
    assert.equal(pattern(String(r.headers['azure-asyncoperation'])), pattern(example));
    assert.ok(r.headers.location);
  });

  it('the comparison itself notices a missing field and a wrong type', () => {
    assert.deepEqual(shapeDifferences({ a: 1, b: { c: 'x' }, d: [{ e: true }] }, { a: '1', b: {}, d: [{ e: true }] }),
      ['a: number expected, got string', 'b.c: missing']);
  });
});
