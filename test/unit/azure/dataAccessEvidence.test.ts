// The data-access evidence of the accounts view and the keyless flow, read through readAccountEvidence against the ARM
// emulator: role assignments, and key-authenticated requests from Log Analytics (@azure/monitor-query-logs pointed at
// the emulator's own origin), with each source saying when it is unavailable and why.
import * as assert from 'node:assert/strict';
import { startArmEmulator, type ArmEmulator } from '../../arm-emulator/armEmulator';
import { readAccountEvidence } from '../../../src/azure/accountEvidence';
import { customCloud } from '../../../src/azure/armCloud';
import { readDataPlaneRequests } from '../../../src/azure/dataPlaneRequests';
import { keyAuthenticatedGroups, keylessReadiness, type DataAccessEvidence } from '../../../src/core/keyless';
import { NEVER_MS } from '../../support/waiting';
import { requestsTo, testFactory } from './support/discoveryHarness';
import { keylessTarget } from './support/keylessHarness';

describe('data-access evidence against the ARM emulator', () => {
  let emu: ArmEmulator;

  before(async () => { emu = await startArmEmulator({ scenario: 'keyless' }); });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  async function dataAccess(name: string): Promise<DataAccessEvidence> {
    const evidence = await readAccountEvidence(testFactory(emu), keylessTarget(emu, name), { dataAccess: true });
    assert.ok(evidence.diagnosticSettings, 'the settings are read (and returned) with the data access');
    return evidence.dataAccess!;
  }

  it('queries the account\'s logs on the emulator\'s origin and groups the requests by credential and client', async () => {
    const evidence = await dataAccess('keyless-ready');
    const requests = evidence.dataPlaneRequests;
    assert.equal(requests.status, 'read', JSON.stringify(requests));
    if (requests.status !== 'read') return;
    assert.deepEqual(requests.settings, ['to-logs']);
    assert.deepEqual(requests.groups.map((g) => [g.credential, g.clientIp, g.requests]), [
      ['entraId', '20.50.2.18', 300], ['key', '20.50.2.17', 920], ['key', '203.0.113.41', 14], ['resourceToken', '198.51.100.90', 6]]);
    assert.equal(keyAuthenticatedGroups(requests.groups).length, 3);
    const queries = requestsTo(emu, /^\/v1\/+subscriptions\/.*\/query$/i);
    assert.equal(queries.length, 1);
    assert.equal(queries[0]!.method, 'POST');
    assert.equal(evidence.roleAssignments.status, 'read');
    const readiness = keylessReadiness({ snapshot: { kind: 'GlobalDocumentDB', capabilities: [], keysMetadata: {} }, dataAccess: evidence, now: Date.now() });
    assert.equal(readiness.verdict, 'notReady');
    assert.match(readiness.headline, /^not ready: 940 requests with a key or resource token in the last 7 days from 3 client groups/);
  });

  it('says why the logs are unavailable: no setting, not Log Analytics, settings or logs forbidden, table missing', async () => {
    const cases: [string, string, RegExp, string?][] = [
      ['keyless-mongo', 'noSetting', /no diagnostic setting sends DataPlaneRequests/],
      ['keyless-no-workspace', 'notLogAnalytics', /"archive" sends DataPlaneRequests to storage, an event hub or a partner, not to a Log Analytics workspace/],
      ['keyless-locked-down', 'settingsUnreadable', /missing permission Microsoft\.Insights\/diagnosticSettings\/read/],
      ['keyless-logs-forbidden', 'forbidden', /403 InsufficientAccessError: missing permission Microsoft\.Insights\/logs\/CDBDataPlaneRequests\/read/,
        'Microsoft.Insights/logs/CDBDataPlaneRequests/read'],
      ['keyless-table-missing', 'tableMissing', /no CDBDataPlaneRequests table/],
    ];
    for (const [name, reason, message, permission] of cases) {
      const d = (await dataAccess(name)).dataPlaneRequests;
      assert.equal(d.status, 'unavailable', name);
      if (d.status !== 'unavailable') continue;
      assert.equal(d.reason, reason, `${name}: ${d.message}`);
      assert.match(d.message, message, name);
      assert.equal(d.missingPermission, permission, name);
    }
    const locked = await dataAccess('keyless-locked-down');
    assert.equal(locked.roleAssignments.status === 'unreadable' && locked.roleAssignments.missingPermission,
      'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read');
    assert.equal(requestsTo(emu, /\/query$/).length, 2, 'only the two accounts with a workspace were queried');
  });

  it('keeps 200 groups of a 5000-row answer and says it is cut', async () => {
    const d = (await dataAccess('keyless-many-rows')).dataPlaneRequests;
    assert.equal(d.status === 'read' && d.groups.length, 200);
    assert.equal(d.status === 'read' && d.truncated, true);
  });

  it('stops at its time limit, and says so for an unreachable or unknown Log Analytics endpoint', async () => {
    const target = keylessTarget(emu, 'keyless-ready');
    const settings = { status: 'read', settings: [{ name: 'to-logs', workspaceId: '/w', logs: [{ category: 'DataPlaneRequests', enabled: true }] }] } as const;
    emu.addFault({ path: /\/query$/, latencyMs: NEVER_MS, times: 3 });
    const slow = await readDataPlaneRequests(testFactory(emu, { maxRetries: 0 }), target, settings, { timeoutMs: 300 });
    assert.equal(slow.status === 'unavailable' && slow.reason, 'timeout');
    assert.match(slow.status === 'unavailable' ? slow.message : '', /within 0\.3 s while trying to query the data-plane request logs of keyless-ready/);
    emu.clearFaults();
    const elsewhere = await readDataPlaneRequests(testFactory(emu), { ...target, cloud: { ...customCloud(emu.url), logAnalyticsEndpoint: 'https://logs.example.invalid' } },
      settings, {});
    assert.equal(elsewhere.status === 'unavailable' && elsewhere.reason, 'failed');
    const none = await readDataPlaneRequests(testFactory(emu), { ...target, cloud: { name: 'AzureStack', resourceManagerEndpoint: emu.url, portalUrl: 'https://p' } }, settings);
    assert.equal(none.status === 'unavailable' && none.reason, 'noEndpoint');
  });
});
