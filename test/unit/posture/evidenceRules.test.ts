// The posture rules that read evidence beyond the account's own properties (key usage, the Activity Log,
// diagnostic settings, the Defender plan) and the private-endpoint rule: one table each, from CLEAN, NOW fixed.
// A rule whose evidence could not be read is "unchecked" with the reason, never a pass.
import * as assert from 'node:assert/strict';
import { type KeyAccessEvent, type SignedInPrincipal } from '../../../src/core/activityLog';
import {
  dataPlaneLogWorkspaces, parseDiagnosticSettings, uncheckedRules, type AccountSnapshot, type DiagnosticSetting, type KeysLastUsed,
} from '../../../src/core/posture';
import { MONGO, NOW, account, daysAgo, ruleTable } from './postureTestKit';

/** Keys work (NoSQL with local auth on), all generated 100 days ago. */
const keysOn = { disableLocalAuth: false, keysMetadata: { primaryMasterKey: daysAgo(100), secondaryMasterKey: daysAgo(100),
  primaryReadonlyMasterKey: daysAgo(100), secondaryReadonlyMasterKey: daysAgo(100) } };
const used = (over: KeysLastUsed): Partial<AccountSnapshot> => ({ ...keysOn, keysLastUsed: {
  primaryMasterKey: daysAgo(0.1), secondaryMasterKey: daysAgo(1), primaryReadonlyMasterKey: daysAgo(2), secondaryReadonlyMasterKey: daysAgo(3), ...over } });

describe('posture rule: unused-key', () => {
  ruleTable('unused-key', [
    { name: 'every key used lately: fine', account: used({}), severity: undefined },
    { name: 'secondary last used 45 days ago: low', account: used({ secondaryMasterKey: daysAgo(45) }), severity: 'low',
      message: `Not used in the last 30 days, yet still valid: secondary (last used ${daysAgo(45).slice(0, 10)}). Regenerating an unused key breaks nothing.`,
      detail: { unusedKeyDays: 30, unusedPairs: [] } },
    { name: 'never used and generated 100 days ago: low', account: used({ primaryReadonlyMasterKey: null }), severity: 'low',
      message: /primary read-only \(no use reported\)\./ },
    { name: 'never used but regenerated 2 days ago (a rotation in progress): fine',
      account: { ...used({ secondaryMasterKey: null }), keysMetadata: { ...keysOn.keysMetadata, secondaryMasterKey: daysAgo(2) } }, severity: undefined },
    { name: 'last used before its regeneration 5 days ago: fine (a new key)',
      account: { ...used({ secondaryMasterKey: daysAgo(60) }), keysMetadata: { ...keysOn.keysMetadata, secondaryMasterKey: daysAgo(5) } }, severity: undefined },
    { name: 'never used, no generation time (before 2022): low', account: { ...used({ secondaryMasterKey: null }), keysMetadata: {} }, severity: 'low' },
    { name: 'exactly 30 days: unused', account: used({ secondaryMasterKey: daysAgo(30) }), severity: 'low' },
    { name: '29 days: fine', account: used({ secondaryMasterKey: daysAgo(29) }), severity: undefined },
    { name: 'both read-only keys unused: the pair is named', account: used({ primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: daysAgo(90) }),
      severity: 'low', message: /Neither read-only key is used\.$/, detail: { unusedPairs: ['readOnly'] } },
    { name: 'all four unused', account: used({ primaryMasterKey: null, secondaryMasterKey: null, primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: null }),
      severity: 'low', message: /Neither read-write nor read-only key is used\.$/, detail: { unusedPairs: ['readWrite', 'readOnly'] } },
    { name: 'usage not reported: no finding (unchecked instead)', account: { ...keysOn, keysLastUsed: undefined }, severity: undefined },
    { name: 'one key not reported, the others fresh: fine', account: used({ secondaryMasterKey: undefined }), severity: undefined },
    { name: 'keys off (NoSQL, disableLocalAuth): nothing to regenerate', account: { ...used({ secondaryMasterKey: null }), disableLocalAuth: true }, severity: undefined },
    { name: 'MongoDB (keys always usable): low', account: { ...used({ secondaryMasterKey: null }), ...MONGO, disableLocalAuth: true }, severity: 'low' },
    { name: 'unusedKeyDays 60: 45 days is fine', account: used({ secondaryMasterKey: daysAgo(45) }), options: { unusedKeyDays: 60 }, severity: undefined },
    { name: 'turned off in settings', account: used({ secondaryMasterKey: null }), options: { rules: { 'unused-key': false } }, severity: undefined },
  ]);
});

const read = (events: readonly KeyAccessEvent[], signedIn: SignedInPrincipal | undefined, extra: object = {}): Partial<AccountSnapshot> => ({
  keyAccess: { status: 'read', since: daysAgo(90), events, truncated: false, ...(signedIn ? { signedIn } : {}), ...extra },
});
const ev = (caller: string, days: number, over: Partial<KeyAccessEvent> = {}): KeyAccessEvent => ({
  time: daysAgo(days), operation: 'listKeys', caller, callerKind: caller.includes('@') ? 'user' : 'application', status: 'Succeeded', ...over,
});
const me = { kind: 'user', upn: 'me@contoso.com', objectId: 'oid-me' } as const;

describe('posture rule: keys-read-recently', () => {
  ruleTable('keys-read-recently', [
    { name: 'not read: not evaluated', account: {}, severity: undefined },
    { name: 'no events: fine', account: read([], me), severity: undefined },
    { name: 'only my own reads: fine', account: read([ev('me@contoso.com', 1), ev('x', 2, { objectId: 'oid-me', callerKind: 'user' })], me), severity: undefined },
    { name: 'someone else listed keys yesterday: medium', account: read([ev('eve@contoso.com', 1, { clientIp: '198.51.100.9' }), ev('me@contoso.com', 1)], me),
      severity: 'medium', message: `Keys were read by someone other than you in the last 7 days: eve@contoso.com (listKeys, last ${daysAgo(1).slice(0, 16).replace('T', ' ')} UTC).`,
      detail: { keyReadDays: 7, signedInKnown: true } },
    { name: 'an application read connection strings three times: counted', account: read([ev('app-1', 1, { operation: 'listConnectionStrings' }),
      ev('app-1', 2, { operation: 'listConnectionStrings' }), ev('app-1', 3, { operation: 'listReadOnlyKeys' })], me), severity: 'medium',
    message: /application app-1 \(listReadOnlyKeys, listConnectionStrings ×3, last /u },
    { name: 'a read 8 days ago: outside the 7 days', account: read([ev('eve@contoso.com', 8)], me), severity: undefined },
    { name: 'keyReadDays 14: 8 days ago counts', account: read([ev('eve@contoso.com', 8)], me), options: { keyReadDays: 14 }, severity: 'medium' },
    { name: 'a failed read is no read', account: read([ev('eve@contoso.com', 1, { status: 'Failed' })], me), severity: undefined },
    { name: 'a regeneration is not a read', account: read([ev('eve@contoso.com', 1, { operation: 'regenerateKey' })], me), severity: undefined },
    { name: 'identity unknown: every reader, and it says so', account: read([ev('me@contoso.com', 1)], undefined, { signedInUnknownReason: 'the token is not a JWT' }),
      severity: 'medium', message: /^Keys were read in the last 7 days by: me@contoso\.com .*Your own identity is unknown \(the token is not a JWT\), so your own reads may be among them\.$/,
      detail: { signedInKnown: false } },
    { name: 'many readers: five named, the rest counted', account: read(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n, i) => ev(`${n}@x.com`, i * 0.1)), me),
      severity: 'medium', message: /; and 2 more\.$/ },
    { name: 'could not be read: no finding (unchecked instead)', account: { keyAccess: { status: 'unreadable', message: 'm' } }, severity: undefined },
    { name: 'turned off in settings', account: read([ev('eve@contoso.com', 1)], me), options: { rules: { 'keys-read-recently': false } }, severity: undefined },
  ]);
});

describe('posture rule: no-private-endpoint', () => {
  ruleTable('no-private-endpoint', [
    { name: 'public access disabled: fine', account: { publicNetworkAccess: 'Disabled', privateEndpointStatuses: [] }, severity: undefined },
    { name: 'secured by perimeter: fine', account: { publicNetworkAccess: 'SecuredByPerimeter', privateEndpointStatuses: [] }, severity: undefined },
    { name: 'public, no private endpoint: medium', account: { publicNetworkAccess: 'Enabled', privateEndpointStatuses: [] }, severity: 'medium',
      message: 'Public network access is on and there is no approved private endpoint.', detail: { publicNetworkAccess: 'Enabled', unapprovedPrivateEndpoints: 0 } },
    { name: 'not set (Enabled): medium', account: { publicNetworkAccess: undefined, privateEndpointStatuses: [] }, severity: 'medium' },
    { name: 'public with IP rules but no private endpoint: still medium', account: { publicNetworkAccess: 'Enabled', ipRules: ['203.0.113.0/24'],
      privateEndpointStatuses: [] }, severity: 'medium' },
    { name: 'public with an approved private endpoint: fine', account: { publicNetworkAccess: 'Enabled', privateEndpointStatuses: ['Approved'] }, severity: undefined },
    { name: 'pending only: medium, counted', account: { publicNetworkAccess: 'Enabled', privateEndpointStatuses: ['Pending'] }, severity: 'medium',
      message: 'Public network access is on and there is no approved private endpoint (1 private endpoint connection is not approved).' },
    { name: 'turned off in settings', account: { publicNetworkAccess: 'Enabled', privateEndpointStatuses: [] }, options: { rules: { 'no-private-endpoint': false } },
      severity: undefined },
  ]);
});

const workspace = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs';
const setting = (over: Partial<DiagnosticSetting>): DiagnosticSetting => ({ name: 'to-logs', workspaceId: workspace,
  logs: [{ category: 'DataPlaneRequests', enabled: true }], ...over });
const diag = (settings: readonly DiagnosticSetting[]): Partial<AccountSnapshot> => ({ diagnosticSettings: { status: 'read', settings } });

describe('posture rule: no-diagnostic-logs', () => {
  ruleTable('no-diagnostic-logs', [
    { name: 'not read: not evaluated', account: {}, severity: undefined },
    { name: 'no settings: medium', account: diag([]), severity: 'medium',
      message: 'The account has no diagnostic setting: its data-plane requests (and the keys they used) are not logged anywhere.' },
    { name: 'DataPlaneRequests to Log Analytics: fine', account: diag([setting({})]), severity: undefined },
    { name: 'DataPlaneRequests to a storage account: fine', account: diag([setting({ workspaceId: undefined, storageAccountId: 'sa' })]), severity: undefined },
    { name: 'category group audit: fine', account: diag([setting({ logs: [{ categoryGroup: 'audit', enabled: true }] })]), severity: undefined },
    { name: 'category group allLogs (any case): fine', account: diag([setting({ logs: [{ categoryGroup: 'AllLogs', enabled: true }] })]), severity: undefined },
    { name: 'DataPlaneRequests disabled: medium', account: diag([setting({ logs: [{ category: 'DataPlaneRequests', enabled: false }] })]), severity: 'medium',
      message: 'None of the account\'s diagnostic settings (to-logs) sends DataPlaneRequests or the audit category group anywhere.', detail: { settings: ['to-logs'] } },
    { name: 'only control-plane logs: medium', account: diag([setting({ logs: [{ category: 'ControlPlaneRequests', enabled: true }] })]), severity: 'medium' },
    { name: 'no destination: medium', account: diag([setting({ workspaceId: undefined })]), severity: 'medium' },
    { name: 'could not be read: no finding (unchecked instead)', account: { diagnosticSettings: { status: 'unreadable', message: 'm' } }, severity: undefined },
    { name: 'turned off in settings', account: diag([]), options: { rules: { 'no-diagnostic-logs': false } }, severity: undefined },
  ]);

  it('reads the ARM list defensively', () => {
    assert.deepEqual(parseDiagnosticSettings({ value: [
      { name: 'a', properties: { workspaceId: workspace, logs: [{ category: 'DataPlaneRequests', enabled: true }, { categoryGroup: 'audit', enabled: 'yes' }, 7] } },
      { name: 'no-properties' }, null, 'x',
      { properties: { storageAccountId: 'sa', logs: 'none' } },
    ] }), [
      { name: 'a', workspaceId: workspace, logs: [{ category: 'DataPlaneRequests', enabled: true }, { categoryGroup: 'audit', enabled: false }] },
      { name: '(unnamed)', storageAccountId: 'sa', logs: [] },
    ]);
    for (const body of [undefined, null, 'x', { value: 'x' }, { value: {} }]) assert.deepEqual(parseDiagnosticSettings(body), []);
  });

  it('names the settings whose data-plane logs can be queried in Log Analytics', () => {
    assert.deepEqual(dataPlaneLogWorkspaces([setting({}), setting({ name: 'sa', workspaceId: undefined, storageAccountId: 'sa' })]).map((s) => s.name), ['to-logs']);
  });
});

describe('posture rule: defender-off', () => {
  ruleTable('defender-off', [
    { name: 'not read: not evaluated', account: {}, severity: undefined },
    { name: 'Standard: fine', account: { defenderPlan: { status: 'read', pricingTier: 'Standard' } }, severity: undefined },
    { name: 'standard (any case): fine', account: { defenderPlan: { status: 'read', pricingTier: 'standard' } }, severity: undefined },
    { name: 'Free: low', account: { defenderPlan: { status: 'read', pricingTier: 'Free' } }, severity: 'low',
      message: 'Microsoft Defender for Azure Cosmos DB is off for this subscription (pricing tier Free).', detail: { pricingTier: 'Free' } },
    { name: 'could not be read: no finding (unchecked instead)', account: { defenderPlan: { status: 'unreadable', message: 'm' } }, severity: undefined },
    { name: 'turned off in settings', account: { defenderPlan: { status: 'read', pricingTier: 'Free' } }, options: { rules: { 'defender-off': false } }, severity: undefined },
  ]);
});

describe('uncheckedRules', () => {
  const forbidden = (permission: string) => ({ status: 'unreadable', message: `Missing permission ${permission} to …`, missingPermission: permission } as const);

  it('names each rule whose evidence could not be read, with the missing permission, in rule order', () => {
    const snapshot = account({ ...keysOn, keysLastUsed: undefined, defenderPlan: forbidden('Microsoft.Security/pricings/read'),
      diagnosticSettings: { status: 'unreadable', message: 'No answer from localhost within 60 s while trying to read the diagnostic settings of orders.' },
      keyAccess: forbidden('Microsoft.Insights/eventtypes/values/read') });
    assert.deepEqual(uncheckedRules(snapshot, { now: NOW }).map((u) => [u.rule, u.reason]), [
      ['unused-key', 'Azure did not report when the keys were last used: api-version 2026-04-01-preview is not served here'],
      ['keys-read-recently', 'missing permission Microsoft.Insights/eventtypes/values/read'],
      ['no-diagnostic-logs', 'No answer from localhost within 60 s while trying to read the diagnostic settings of orders.'],
      ['defender-off', 'missing permission Microsoft.Security/pricings/read'],
    ]);
  });

  it('is empty where evidence was read or not asked for, and for rules turned off', () => {
    assert.deepEqual(uncheckedRules(account({}), { now: NOW }), []);
    assert.deepEqual(uncheckedRules(account({ defenderPlan: forbidden('x') }), { now: NOW, rules: { 'defender-off': false } }), []);
  });
});
