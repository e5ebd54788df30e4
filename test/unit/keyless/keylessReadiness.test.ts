import assert from 'node:assert/strict';
import {
  describeReadinessItem, evidenceLines, keylessReadiness, keysOffConsequence, parseDataPlaneRequestRows, type DataAccessEvidence, type RoleAssignment,
} from '../../../src/core/keyless';
import { type KeyAccessEvidence, type KeysLastUsed } from '../../../src/core/posture';
import { assertLinearTime } from '../adversarial/growth';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000).toISOString();
const NO_USE: KeysLastUsed = { primaryMasterKey: null, secondaryMasterKey: null, primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: null };
const ASSIGNMENT: RoleAssignment = { id: 'x', name: 'x', principalId: 'p', roleDefinitionId: 'r', roleName: 'Cosmos DB Built-in Data Reader', scope: '/s', relativeScope: '/' };
const noReads: KeyAccessEvidence = { status: 'read', since: hoursAgo(24 * 90), events: [], truncated: false };
const clean: DataAccessEvidence = {
  roleAssignments: { status: 'read', assignments: [ASSIGNMENT], definitions: [] },
  dataPlaneRequests: { status: 'read', since: hoursAgo(24 * 7), days: 7, groups: [], truncated: false, settings: ['to-logs'] },
};
const snapshot = (keysLastUsed: KeysLastUsed | undefined, extra: { disableLocalAuth?: boolean; kind?: 'MongoDB' } = {}) => ({
  kind: extra.kind ?? 'GlobalDocumentDB' as const, capabilities: [], keysMetadata: {}, ...(keysLastUsed ? { keysLastUsed } : {}),
  ...(extra.disableLocalAuth !== undefined ? { disableLocalAuth: extra.disableLocalAuth } : {}),
});

describe('keyless readiness: the verdict for turning keys off, from the evidence', () => {
  it('is ready only when every source was read and none speaks against it', () => {
    const r = keylessReadiness({ snapshot: snapshot(NO_USE), keyAccess: noReads, dataAccess: clean, now: NOW });
    assert.equal(r.verdict, 'ready');
    assert.deepEqual(r.items.map((i) => i.kind), ['noKeyReads', 'noKeyRequests', 'roleAssignments']);
  });

  it('is not ready when a key was used lately, naming the key and when', () => {
    const r = keylessReadiness({ snapshot: snapshot({ ...NO_USE, primaryMasterKey: hoursAgo(2) }), keyAccess: noReads, dataAccess: clean, now: NOW });
    assert.equal(r.verdict, 'notReady');
    assert.equal(r.headline, 'not ready: primary key last used about 2 h ago');
  });

  it('is not ready without role assignments: nobody could read data', () => {
    const r = keylessReadiness({ snapshot: snapshot(NO_USE), keyAccess: noReads, now: NOW,
      dataAccess: { ...clean, roleAssignments: { status: 'read', assignments: [], definitions: [] } } });
    assert.equal(r.headline, 'not ready: no role assignments: with keys off, nobody could read data');
  });

  it('is not ready when the logs show key-authenticated requests, and names the clients', () => {
    const { groups } = parseDataPlaneRequestRows({ columns: ['KeyType', 'AuthTokenType', 'ClientIpAddress', 'UserAgent', 'requests', 'last'], rows: [
      ['', 'AadToken', '20.50.2.18', 'azsdk-js-cosmos/4.2.0', 300, hoursAgo(0.5)],
      ['PrimaryMasterKey', '', '20.50.2.17', 'cosmos-netstandard-sdk/3.46.0', 920, hoursAgo(2)],
      ['', 'ResourceToken', '198.51.100.90', 'cosmos-js/3.17.3', 6, hoursAgo(96)],
    ] });
    assert.deepEqual(groups.map((g) => g.credential), ['entraId', 'key', 'resourceToken']);
    const dataAccess: DataAccessEvidence = { ...clean, dataPlaneRequests: { status: 'read', since: hoursAgo(168), days: 7, groups, truncated: false, settings: ['x'] } };
    const r = keylessReadiness({ snapshot: snapshot(NO_USE), keyAccess: noReads, dataAccess, now: NOW });
    assert.equal(r.verdict, 'notReady');
    assert.equal(r.headline, 'not ready: 926 requests with a key or resource token in the last 7 days from 2 client groups, the last at 2026-12-03 10:00 UTC: '
      + '20.50.2.17 (cosmos-netstandard-sdk/3.46.0); 198.51.100.90 (cosmos-js/3.17.3)');
  });

  it('states unknowns as unknown, never as a pass', () => {
    const r = keylessReadiness({ snapshot: snapshot(undefined), now: NOW, keyAccess: { status: 'unreadable', message: 'x', missingPermission: 'Microsoft.Insights/eventtypes/values/read' },
      dataAccess: { roleAssignments: { status: 'unreadable', message: 'm', missingPermission: 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read' },
        dataPlaneRequests: { status: 'unavailable', reason: 'noSetting', message: 'no diagnostic setting sends DataPlaneRequests to a Log Analytics workspace' } } });
    assert.equal(r.verdict, 'unknown');
    assert.deepEqual(evidenceLines(r), [
      'last use of the keys unknown (Azure did not report key usage for this account)',
      'who read the keys: unknown (missing permission Microsoft.Insights/eventtypes/values/read)',
      'data-plane requests with a key or resource token: unknown (no diagnostic setting sends DataPlaneRequests to a Log Analytics workspace)',
      'data-plane role assignments: unknown (missing permission Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments/read)',
    ]);
    assert.equal(keylessReadiness({ snapshot: snapshot(NO_USE), now: NOW }).verdict, 'unknown');
    // A truncated answer without key groups may hide them among older groups.
    const truncated: DataAccessEvidence = { ...clean, dataPlaneRequests: { status: 'read', since: hoursAgo(168), days: 7, groups: [], truncated: true, settings: [] } };
    assert.equal(keylessReadiness({ snapshot: snapshot(NO_USE), keyAccess: noReads, dataAccess: truncated, now: NOW }).verdict, 'unknown');
  });

  it('warns about recent key reads and old key use without blocking', () => {
    const keyAccess: KeyAccessEvidence = { status: 'read', since: hoursAgo(24 * 90), truncated: false, events: [
      { time: hoursAgo(24), operation: 'listKeys', caller: 'build-agent@lab', callerKind: 'user', status: 'Succeeded' },
      { time: hoursAgo(30), operation: 'listKeys', caller: 'BUILD-AGENT@lab', callerKind: 'user', status: 'Succeeded' },
      { time: hoursAgo(40), operation: 'regenerateKey', caller: 'ops@lab', callerKind: 'user', status: 'Succeeded' },
      { time: hoursAgo(24 * 20), operation: 'listKeys', caller: 'old@lab', callerKind: 'user', status: 'Succeeded' },
    ] };
    const r = keylessReadiness({ snapshot: snapshot({ ...NO_USE, secondaryMasterKey: hoursAgo(24 * 10) }), keyAccess, dataAccess: clean, now: NOW });
    assert.equal(r.verdict, 'ready');
    assert.deepEqual(r.items.filter((i) => i.level === 'caution').map(describeReadinessItem), [
      'secondary key last used about 10 days ago',
      'keys read 2 times since 2026-11-26 12:00 UTC (Activity Log), the last at 2026-12-02 12:00 UTC, by build-agent@lab',
    ]);
  });

  it('says when keys are already off or the API has no keyless switch', () => {
    assert.equal(keylessReadiness({ snapshot: snapshot(NO_USE, { disableLocalAuth: true }), now: NOW }).verdict, 'alreadyOff');
    const mongo = keylessReadiness({ snapshot: snapshot(NO_USE, { kind: 'MongoDB' }), now: NOW });
    assert.equal(mongo.verdict, 'unsupported');
    assert.equal(mongo.headline, 'not offered: the account uses the API for MongoDB');
    assert.match(keysOffConsequence('orders'), /gets 401 "Local Authorization is disabled\. Use an AAD token to authorize all requests\."/);
  });
});

describe('data-plane log rows: bounded and linear on hostile answers', () => {
  const columns = ['KeyType', 'AuthTokenType', 'ClientIpAddress', 'UserAgent', 'requests', 'last'];

  it('skips rows it cannot read, keeps at most 200 groups, and bounds every string', () => {
    const rows: unknown[] = [null, 'text', [], ['PrimaryMasterKey', '', '1.2.3.4', 'ua', -1, hoursAgo(1)], ['PrimaryMasterKey', '', '1.2.3.4', 'ua', 3, 'yesterday'],
      ['PrimaryMasterKey', '', 'x'.repeat(10_000), 'y'.repeat(10_000), '12', hoursAgo(3)]];
    const parsed = parseDataPlaneRequestRows({ columns, rows });
    assert.equal(parsed.skippedRows, 5);
    assert.equal(parsed.groups.length, 1);
    assert.equal(parsed.groups[0]!.requests, 12);
    assert.equal(parsed.groups[0]!.clientIp!.length, 64);
    assert.equal(parsed.groups[0]!.userAgent!.length, 256);
    const many = parseDataPlaneRequestRows({ columns, rows: Array.from({ length: 5000 }, (_, i) => ['SecondaryMasterKey', '', `10.0.${i >> 8}.${i & 255}`, 'ua', i + 1, hoursAgo(i / 60)]) });
    assert.equal(many.groups.length, 200);
    assert.equal(many.truncated, true);
    assert.deepEqual(parseDataPlaneRequestRows({ columns: ['a', 'b'], rows: [[1, 2]] }), { groups: [], truncated: false, skippedRows: 1 });
  });

  it('takes time linear in the answer for megabyte cells and tens of thousands of rows', () => {
    assertLinearTime((size) => ({ columns, rows: [['PrimaryMasterKey', '', ' '.repeat(size) + 'x', 'u'.repeat(size), 1, hoursAgo(1)]] }),
      (table) => parseDataPlaneRequestRows(table));
    assertLinearTime((size) => ({ columns, rows: Array.from({ length: size / 16 }, () => [1]) }), (table) => parseDataPlaneRequestRows(table));
  });
});
