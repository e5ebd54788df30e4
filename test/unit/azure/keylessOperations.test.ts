// The move to Microsoft Entra ID over the real pipeline of @azure/arm-cosmosdb against the ARM emulator's `keyless`
// scenario: data-plane role assignments (read, 403 named, created once, never duplicated, refused), the account PATCH
// that turns key authentication off and back on (re-read first, NoSQL only, the service's 12-hour refusal kept in plain
// words, time limits), and the time limit of every step.
import * as assert from 'node:assert/strict';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { DataPlaneRoles } from '../../../src/azure/dataPlaneRoles';
import { KeylessOperationError } from '../../../src/azure/keylessOperationError';
import { LocalAuthSwitch } from '../../../src/azure/localAuthSwitch';
import { NEVER_MS } from '../../support/waiting';
import { requestsTo, testFactory } from './support/discoveryHarness';
import { keylessTarget, NEW_PRINCIPAL } from './support/keylessHarness';

async function rejectsWith(promise: Promise<unknown>, reason: KeylessOperationError['reason'], message: RegExp): Promise<KeylessOperationError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KeylessOperationError, `expected a KeylessOperationError, got ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.match(error.message, message);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('keyless operations against the ARM emulator', () => {
  let emu: ArmEmulator;

  before(async () => { emu = await startArmEmulator({ scenario: 'keyless', pageSize: 1 }); });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  describe('data-plane role assignments', () => {
    it('reads every page of assignments and definitions, naming built-in and custom roles with relative scopes', async () => {
      const evidence = await new DataPlaneRoles(testFactory(emu)).readRoles(keylessTarget(emu, 'keyless-ready'));
      assert.equal(evidence.status, 'read');
      if (evidence.status !== 'read') return;
      assert.deepEqual(evidence.assignments.map((a) => [a.principalId, a.roleName, a.relativeScope]), [
        ['aa11bb22-cc33-4d44-8e55-ff6677889900', 'Cosmos DB Built-in Data Reader', '/'],
        ['bb22cc33-dd44-4e55-9f66-0077889900aa', 'Orders Writer', '/dbs/orders/colls/items'],
      ]);
      assert.deepEqual(evidence.definitions.map((d) => [d.roleName, d.builtIn]), [['Cosmos DB Built-in Data Reader', true],
        ['Cosmos DB Built-in Data Contributor', true], ['Orders Writer', false]]);
      assert.ok(requestsTo(emu, /sqlRoleAssignments$/).length >= 2, 'pageSize 1: the next page was followed');
    });

    it('says the assignments could not be read, naming the permission — never "none"', async () => {
      const evidence = await new DataPlaneRoles(testFactory(emu)).readRoles(keylessTarget(emu, 'keyless-locked-down'));
      assert.equal(evidence.status, 'unreadable');
      assert.equal(evidence.status === 'unreadable' && evidence.missingPermission, 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read');
    });

    it('creates an assignment after re-reading the list, and reports an identical one instead of sending a second', async () => {
      const roles = new DataPlaneRoles(testFactory(emu), { pollIntervalMs: 10 });
      const target = keylessTarget(emu, 'keyless-ready');
      const steps: string[] = [];
      const created = await roles.grant(target, { principalId: NEW_PRINCIPAL, role: 'contributor', scope: '/dbs/orders' }, { onProgress: (s) => steps.push(s) });
      assert.equal(created.outcome, 'created');
      assert.deepEqual([created.assignment.principalId, created.assignment.roleName, created.assignment.relativeScope],
        [NEW_PRINCIPAL, 'Cosmos DB Built-in Data Contributor', '/dbs/orders']);
      assert.deepEqual(steps, ['checking', 'sending', 'waiting', 'done']);
      const log = emu.requests.map((r) => `${r.method} ${r.path.split('?')[0]!.split('/').slice(-1)[0]!}`);
      assert.ok(log.indexOf('GET sqlRoleAssignments') < log.findIndex((l) => l.startsWith('PUT ')), 'the list is read before the PUT');

      emu.clearRequests();
      const again = await roles.grant(target, { principalId: NEW_PRINCIPAL.toUpperCase(), role: 'contributor', scope: '/DBS/orders/' });
      assert.equal(again.outcome, 'exists');
      assert.equal(again.assignment.name, created.assignment.name);
      assert.equal(emu.requests.filter((r) => r.method === 'PUT').length, 0, 'nothing sent for an identical assignment');
      const evidence = await roles.readRoles(target);
      assert.equal(evidence.status === 'read' && evidence.assignments.length, 3);
    });

    it('refuses a bad principal, scope or role before sending anything', async () => {
      const roles = new DataPlaneRoles(testFactory(emu));
      const target = keylessTarget(emu, 'keyless-ready');
      emu.clearRequests();
      await rejectsWith(roles.grant(target, { principalId: 'not-a-guid', role: 'reader' }), 'invalidInput', /not a Microsoft Entra object id/);
      await rejectsWith(roles.grant(target, { principalId: NEW_PRINCIPAL, role: 'reader', scope: '/dbs/orders/items' }), 'invalidInput', /3 path segments/);
      await rejectsWith(roles.grant(target, { principalId: NEW_PRINCIPAL, role: { roleDefinitionId: '/subscriptions/x/sqlRoleDefinitions/y' } }), 'invalidInput',
        /not a role definition of keyless-ready/);
      assert.equal(emu.requests.length, 0);
    });

    it('keeps the service\'s reason when it refuses (a scope outside the custom role\'s assignable scopes)', async () => {
      const error = await rejectsWith(new DataPlaneRoles(testFactory(emu)).grant(keylessTarget(emu, 'keyless-ready'),
        { principalId: NEW_PRINCIPAL, role: { roleDefinitionId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' }, scope: '/' }), 'serviceRefused',
      /^Azure refused to create the role assignment on keyless-ready: The provided scope \[.*\] is not within the assignable scopes of the Role Definition \[Orders Writer\]\. \(400 BadRequest\)\.$/);
      assert.doesNotMatch(error.message, /ActivityId/);
    });

    it('names the write permission on a 403, and says so when the operation fails', async () => {
      const roles = new DataPlaneRoles(testFactory(emu), { pollIntervalMs: 10 });
      emu.addFault({ method: 'PUT', path: /sqlRoleAssignments\//, status: 403, code: 'AuthorizationFailed', times: 1 });
      await rejectsWith(roles.grant(keylessTarget(emu, 'keyless-ready'), { principalId: NEW_PRINCIPAL, role: 'reader' }), 'arm',
        /Missing permission Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments\/write/);
      emu.addFault({ method: 'PUT', path: /sqlRoleAssignments\//, lroOutcome: 'Failed', code: 'InternalServerError', message: 'The role assignment could not be stored', times: 1 });
      await rejectsWith(roles.grant(keylessTarget(emu, 'keyless-ready'), { principalId: NEW_PRINCIPAL, role: 'reader' }), 'arm',
        /Azure could not create a data-plane role assignment on keyless-ready: The role assignment could not be stored/);
      const evidence = await roles.readRoles(keylessTarget(emu, 'keyless-ready'));
      assert.equal(evidence.status === 'read' && evidence.assignments.length, 2, 'nothing half-done');
    });

    it('gives up on an operation that never ends, at its time limit', async () => {
      emu.addFault({ method: 'PUT', path: /sqlRoleAssignments\//, lroDurationMs: NEVER_MS, times: 1 });
      await rejectsWith(new DataPlaneRoles(testFactory(emu), { pollIntervalMs: 10, timeLimits: { waitMs: 300 } })
        .grant(keylessTarget(emu, 'keyless-ready'), { principalId: NEW_PRINCIPAL, role: 'reader' }), 'arm', /within 0\.3 s while trying to create a data-plane role assignment/);
    });
  });

  describe('turning key authentication off and on', () => {
    it('turns both settings off, then back on, re-reading the account before each PATCH', async () => {
      const sw = new LocalAuthSwitch(testFactory(emu), { pollIntervalMs: 10 });
      const target = keylessTarget(emu, 'keyless-ready');
      const steps: string[] = [];
      const off = await sw.setLocalAuth(target, true, { onProgress: (s) => steps.push(s) });
      assert.equal(off.outcome, 'changed');
      assert.equal(off.account.disableLocalAuth, true);
      assert.equal(off.account.disableKeyBasedMetadataWriteAccess, true);
      assert.deepEqual(steps, ['checking', 'sending', 'waiting', 'done']);
      const methods = emu.requests.filter((r) => /databaseAccounts\/keyless-ready$/i.test(r.path.split('?')[0]!)).map((r) => r.method);
      assert.deepEqual([methods[0], methods.includes('PATCH')], ['GET', true]);
      const on = await sw.setLocalAuth(target, false);
      assert.equal(on.outcome, 'changed');
      assert.equal(on.account.disableLocalAuth, false);
      assert.equal(on.account.disableKeyBasedMetadataWriteAccess, false);
    });

    it('sends nothing when the account is already in the target state', async () => {
      emu.clearRequests();
      const result = await new LocalAuthSwitch(testFactory(emu)).setLocalAuth(keylessTarget(emu, 'keyless-off'), true);
      assert.equal(result.outcome, 'unchanged');
      assert.equal(emu.requests.filter((r) => r.method !== 'GET').length, 0);
    });

    it('refuses MongoDB and Cassandra accounts without a PATCH, and says why', async () => {
      for (const name of ['keyless-mongo', 'keyless-cassandra']) {
        emu.clearRequests();
        await rejectsWith(new LocalAuthSwitch(testFactory(emu)).setLocalAuth(keylessTarget(emu, name), true), 'notNoSql',
          /does not turn key authentication off for keyless-\w+\. This account uses the API for (MongoDB|Apache Cassandra)\. .*NoSQL-only/);
        assert.equal(emu.requests.filter((r) => r.method !== 'GET').length, 0);
      }
      const back = await new LocalAuthSwitch(testFactory(emu)).setLocalAuth(keylessTarget(emu, 'keyless-mongo'), false);
      assert.equal(back.outcome, 'unchanged', 'turning keys back on is never refused for the API: here they are on already');
    });

    it('turns the key-usage check\'s refusal into plain words that keep the service\'s reason', async () => {
      const error = await rejectsWith(new LocalAuthSwitch(testFactory(emu)).setLocalAuth(keylessTarget(emu, 'keyless-recent-key'), true), 'serviceRefused',
        /^Azure refused to turn key authentication off for keyless-recent-key: Local authentication cannot be disabled .* was used in the last 12 hours .*\(400 BadRequest\)\.$/);
      assert.doesNotMatch(error.message, /ActivityId/);
      assert.match(error.failure.requestId ?? '', /^[0-9a-f-]{36}$/);
      const account = await new LocalAuthSwitch(testFactory(emu)).readAccount(keylessTarget(emu, 'keyless-recent-key'));
      assert.notEqual(account.disableLocalAuth, true, 'nothing changed');
    });

    it('names the permission on a 403 and stops at the time limit of each step', async () => {
      await rejectsWith(new LocalAuthSwitch(testFactory(emu)).setLocalAuth(keylessTarget(emu, 'keyless-locked-down'), true), 'arm',
        /Missing permission Microsoft\.DocumentDB\/databaseAccounts\/write to turn key authentication off for keyless-locked-down/);
      emu.addFault({ method: 'PATCH', latencyMs: NEVER_MS, times: 1 });
      await rejectsWith(new LocalAuthSwitch(testFactory(emu, { maxRetries: 0 }), { timeLimits: { sendMs: 300 } }).setLocalAuth(keylessTarget(emu, 'keyless-ready'), true), 'arm',
        /within 0\.3 s while trying to turn key authentication off for keyless-ready\. It may have reached Azure/);
      emu.addFault({ method: 'PATCH', lroDurationMs: NEVER_MS, times: 1 });
      await rejectsWith(new LocalAuthSwitch(testFactory(emu), { pollIntervalMs: 10, timeLimits: { waitMs: 300 } }).setLocalAuth(keylessTarget(emu, 'keyless-no-workspace'), true),
        'arm', /The update goes on in Azure/);
    });
  });
});
