// One table per posture rule, covering each boundary named in the issue. Every case starts from CLEAN (which
// passes all rules) and changes only what the case is about; NOW is fixed.
import * as assert from 'node:assert/strict';
import { evaluatePosture } from '../../../src/core/posture';
import {
  CASSANDRA, DAY, GREMLIN, MONGO, MONGO_32, NOW, TABLE, account, daysAgo, findingFor, ruleTable,
} from './postureTestKit';

const allKeys = (iso: string | undefined) => ({
  primaryMasterKey: iso, secondaryMasterKey: iso, primaryReadonlyMasterKey: iso, secondaryReadonlyMasterKey: iso,
});
const fresh = daysAgo(10);

describe('posture rule: stale-keys', () => {
  ruleTable('stale-keys', [
    { name: 'all keys 10 days old: fine', account: {}, severity: undefined },
    { name: 'all keys 59 days old: fine', account: { keysMetadata: allKeys(daysAgo(59)) }, severity: undefined },
    { name: '59 days 23 h 59 min (rounds down to 59): fine', account: { keysMetadata: allKeys(daysAgo(60 - 1 / 1440)) }, severity: undefined },
    { name: '1 ms short of 60 days: fine', account: { keysMetadata: allKeys(new Date(NOW - 60 * DAY + 1).toISOString()) }, severity: undefined },
    { name: 'exactly 60 days: stale', account: { keysMetadata: allKeys(new Date(NOW - 60 * DAY).toISOString()) }, severity: 'medium',
      message: 'Keys not rotated in 60+ days: primary 60 days, secondary 60 days, primary read-only 60 days, secondary read-only 60 days.' },
    { name: 'primary 60 days, the rest fresh', account: { keysMetadata: { ...allKeys(fresh), primaryMasterKey: daysAgo(60) } },
      severity: 'medium', message: 'Key not rotated in 60+ days: primary 60 days.', detail: { staleKeys: ['primaryMasterKey'], maxKeyAgeDays: 60 } },
    { name: 'secondary read-only 61 days', account: { keysMetadata: { ...allKeys(fresh), secondaryReadonlyMasterKey: daysAgo(61) } },
      severity: 'medium', message: 'Key not rotated in 60+ days: secondary read-only 61 days.', detail: { staleKeys: ['secondaryReadonlyMasterKey'] } },
    { name: 'primary missing (before 2022-06-18)', account: { keysMetadata: { ...allKeys(fresh), primaryMasterKey: undefined } },
      severity: 'medium', message: 'Key not rotated in 60+ days: primary since before 2022-06-18.', detail: { staleKeys: ['primaryMasterKey'] } },
    { name: 'secondary missing', account: { keysMetadata: { ...allKeys(fresh), secondaryMasterKey: undefined } },
      severity: 'medium', message: 'Key not rotated in 60+ days: secondary since before 2022-06-18.', detail: { staleKeys: ['secondaryMasterKey'] } },
    { name: 'primary read-only missing', account: { keysMetadata: { ...allKeys(fresh), primaryReadonlyMasterKey: undefined } },
      severity: 'medium', message: 'Key not rotated in 60+ days: primary read-only since before 2022-06-18.', detail: { staleKeys: ['primaryReadonlyMasterKey'] } },
    { name: 'secondary read-only missing', account: { keysMetadata: { ...allKeys(fresh), secondaryReadonlyMasterKey: undefined } },
      severity: 'medium', message: 'Key not rotated in 60+ days: secondary read-only since before 2022-06-18.', detail: { staleKeys: ['secondaryReadonlyMasterKey'] } },
    { name: 'no keysMetadata at all: all four stale', account: { keysMetadata: {} }, severity: 'medium',
      detail: { staleKeys: ['primaryMasterKey', 'secondaryMasterKey', 'primaryReadonlyMasterKey', 'secondaryReadonlyMasterKey'] } },
    { name: 'mixed ages: names each stale key with its age, in portal order',
      account: { keysMetadata: { primaryMasterKey: daysAgo(412), secondaryMasterKey: daysAgo(61), primaryReadonlyMasterKey: undefined, secondaryReadonlyMasterKey: fresh } },
      severity: 'medium', message: 'Keys not rotated in 60+ days: primary 412 days, secondary 61 days, primary read-only since before 2022-06-18.' },
    { name: 'unparseable generation time counts as missing', account: { keysMetadata: { ...allKeys(fresh), secondaryMasterKey: 'last Tuesday' } },
      severity: 'medium', message: 'Key not rotated in 60+ days: secondary since before 2022-06-18.' },
    { name: 'generation time in the future (clock skew): age 0, fine', account: { keysMetadata: allKeys(new Date(NOW + DAY).toISOString()) }, severity: undefined },
    { name: 'maxKeyAgeDays 30: 29 days fine', account: { keysMetadata: allKeys(daysAgo(29)) }, options: { maxKeyAgeDays: 30 }, severity: undefined },
    { name: 'maxKeyAgeDays 30: 30 days stale', account: { keysMetadata: allKeys(daysAgo(30)) }, options: { maxKeyAgeDays: 30 },
      severity: 'medium', message: /^Keys not rotated in 30\+ days: primary 30 days,/, detail: { maxKeyAgeDays: 30 } },
    { name: 'maxKeyAgeDays 90: 60 days fine', account: { keysMetadata: allKeys(daysAgo(60)) }, options: { maxKeyAgeDays: 90 }, severity: undefined },
    { name: 'maxKeyAgeDays 1: 1 day stale, singular', account: { keysMetadata: { ...allKeys(daysAgo(0.5)), primaryMasterKey: daysAgo(1) } },
      options: { maxKeyAgeDays: 1 }, severity: 'medium', message: 'Key not rotated in 1+ days: primary 1 day.' },
    // Severity: high when the local-auth-enabled condition holds.
    { name: 'NoSQL, disableLocalAuth not set: high', account: { keysMetadata: {}, disableLocalAuth: undefined }, severity: 'high', detail: { localAuthEnabled: true } },
    { name: 'NoSQL, disableLocalAuth false: high', account: { keysMetadata: {}, disableLocalAuth: false }, severity: 'high' },
    { name: 'NoSQL, disableLocalAuth true: medium', account: { keysMetadata: {}, disableLocalAuth: true }, severity: 'medium', detail: { localAuthEnabled: false } },
    { name: 'high even when local-auth-enabled is turned off in settings', account: { keysMetadata: {}, disableLocalAuth: undefined },
      options: { rules: { 'stale-keys': true, 'local-auth-enabled': false } }, severity: 'high' },
    { name: 'MongoDB account (local-auth-enabled never fires): medium', account: { ...MONGO, keysMetadata: {}, disableLocalAuth: undefined }, severity: 'medium' },
    { name: 'Cassandra account: medium', account: { ...CASSANDRA, keysMetadata: {}, disableLocalAuth: undefined }, severity: 'medium' },
    { name: 'turned off in settings: no finding', account: { keysMetadata: {} }, options: { rules: { 'stale-keys': false } }, severity: undefined },
  ]);

  it('reports all four key ages in detail, stale or not', () => {
    const f = findingFor('stale-keys', { keysMetadata: { primaryMasterKey: daysAgo(412), secondaryMasterKey: fresh, primaryReadonlyMasterKey: undefined, secondaryReadonlyMasterKey: daysAgo(59.9) } });
    assert.ok(f && f.rule === 'stale-keys');
    assert.deepEqual(f.detail.keys.map((k) => [k.key, k.ageDays]), [
      ['primaryMasterKey', 412], ['secondaryMasterKey', 10], ['primaryReadonlyMasterKey', undefined], ['secondaryReadonlyMasterKey', 59],
    ]);
    assert.deepEqual(f.detail.staleKeys, ['primaryMasterKey', 'primaryReadonlyMasterKey']);
  });
});

describe('posture rule: chaosdb-primary-key', () => {
  const noPrimary = { ...allKeys(fresh), primaryMasterKey: undefined };
  ruleTable('chaosdb-primary-key', [
    { name: 'created 2021-03-12, primary never regenerated since 2022-06-18: high', account: { createdAt: '2021-03-12T22:05:09Z', keysMetadata: noPrimary },
      severity: 'high',
      message: 'Primary read-write key not rotated since before 2022-06-18 and the account was created on 2021-03-12, before ChaosDB (August 2021): it may be the key ChaosDB exposed.',
      detail: { createdAt: '2021-03-12T22:05:09Z' } },
    { name: 'created 2021-08-25T23:59:59Z (last second before the cutoff): high', account: { createdAt: '2021-08-25T23:59:59Z', keysMetadata: noPrimary }, severity: 'high' },
    { name: 'created 2021-08-26T00:00:00Z (the cutoff): fine', account: { createdAt: '2021-08-26T00:00:00Z', keysMetadata: noPrimary }, severity: undefined },
    { name: 'created 2022-01-10 (after): fine', account: { createdAt: '2022-01-10T08:00:00Z', keysMetadata: noPrimary }, severity: undefined },
    { name: 'offset time zone before the cutoff in UTC: high', account: { createdAt: '2021-08-26T01:00:00+02:00', keysMetadata: noPrimary }, severity: 'high' },
    { name: 'creation date unknown: high', account: { createdAt: undefined, keysMetadata: noPrimary }, severity: 'high',
      message: 'Primary read-write key not rotated since before 2022-06-18 and the account\'s creation date is unknown: it may be the key ChaosDB exposed.',
      detail: { createdAt: undefined } },
    { name: 'creation date unparseable counts as unknown: high', account: { createdAt: 'n/a', keysMetadata: noPrimary }, severity: 'high', detail: { createdAt: undefined } },
    { name: 'old account, primary regenerated (even long ago): fine', account: { createdAt: '2021-03-12T22:05:09Z', keysMetadata: { ...allKeys(fresh), primaryMasterKey: '2022-07-01T00:00:00Z' } }, severity: undefined },
    { name: 'old account, only the secondary missing: fine (stale-keys covers it)', account: { createdAt: '2021-03-12T22:05:09Z', keysMetadata: { ...allKeys(fresh), secondaryMasterKey: undefined } }, severity: undefined },
    { name: 'applies to MongoDB accounts too', account: { ...MONGO, createdAt: undefined, keysMetadata: noPrimary }, severity: 'high' },
    { name: 'turned off in settings', account: { createdAt: undefined, keysMetadata: noPrimary }, options: { rules: { 'chaosdb-primary-key': false } }, severity: undefined },
  ]);
});

describe('posture rule: notebook-workspace', () => {
  const chaos = { createdAt: '2021-03-12T22:05:09Z', keysMetadata: { ...allKeys(fresh), primaryMasterKey: undefined } };
  const rotated = { createdAt: '2021-03-12T22:05:09Z', keysMetadata: allKeys(fresh) };
  ruleTable('notebook-workspace', [
    { name: 'present, primary key from the ChaosDB era: high', account: { ...chaos, notebookWorkspace: 'present' }, severity: 'high',
      message: 'A notebook workspace still exists on the account (the feature behind ChaosDB, retired 2024-03-30) and its primary read-write key may date from ChaosDB.',
      detail: { chaosDbPrimaryKey: true } },
    { name: 'present, primary key rotated: medium', account: { ...rotated, notebookWorkspace: 'present' }, severity: 'medium',
      message: 'A notebook workspace still exists on the account (the feature behind ChaosDB, retired 2024-03-30).', detail: { chaosDbPrimaryKey: false } },
    { name: 'present, creation date unknown and primary missing: high', account: { ...chaos, createdAt: undefined, notebookWorkspace: 'present' }, severity: 'high' },
    { name: 'absent', account: { ...chaos, notebookWorkspace: 'absent' }, severity: undefined },
    { name: 'unknown (lookup failed): no finding', account: { ...chaos, notebookWorkspace: 'unknown' }, severity: undefined },
    { name: 'not checked: no finding', account: { ...chaos, notebookWorkspace: 'not-checked' }, severity: undefined },
    { name: 'high even when chaosdb-primary-key is turned off in settings', account: { ...chaos, notebookWorkspace: 'present' },
      options: { rules: { 'chaosdb-primary-key': false } }, severity: 'high' },
    { name: 'turned off in settings', account: { ...chaos, notebookWorkspace: 'present' }, options: { rules: { 'notebook-workspace': false } }, severity: undefined },
  ]);
});

describe('posture rule: local-auth-enabled', () => {
  const msg = 'Key-based (local) authentication is enabled: anyone holding an account key can read and change all data.';
  ruleTable('local-auth-enabled', [
    { name: 'NoSQL, not set: high', account: { disableLocalAuth: undefined }, severity: 'high', message: msg, detail: { disableLocalAuth: undefined } },
    { name: 'NoSQL, false: high', account: { disableLocalAuth: false }, severity: 'high', detail: { disableLocalAuth: false } },
    { name: 'NoSQL, true: fine', account: { disableLocalAuth: true }, severity: undefined },
    { name: 'NoSQL serverless (other capabilities do not change the API): high', account: { capabilities: ['EnableServerless'], disableLocalAuth: undefined }, severity: 'high' },
    { name: 'Mongo-looking capability that is not EnableMongo: still NoSQL, high', account: { capabilities: ['EnableMongoRoleBasedAccessControl'], disableLocalAuth: undefined }, severity: 'high' },
    { name: 'MongoDB (kind + EnableMongo): not reported', account: { ...MONGO, disableLocalAuth: undefined }, severity: undefined },
    { name: 'MongoDB 3.2 (kind only): not reported', account: { ...MONGO_32, disableLocalAuth: undefined }, severity: undefined },
    { name: 'GlobalDocumentDB with EnableMongo: not reported', account: { capabilities: ['EnableMongo'], disableLocalAuth: undefined }, severity: undefined },
    { name: 'Parse: not reported', account: { kind: 'Parse', disableLocalAuth: undefined }, severity: undefined },
    { name: 'Cassandra: not reported', account: { ...CASSANDRA, disableLocalAuth: undefined }, severity: undefined },
    { name: 'Table: not reported', account: { ...TABLE, disableLocalAuth: undefined }, severity: undefined },
    { name: 'Gremlin: not reported', account: { ...GREMLIN, disableLocalAuth: undefined }, severity: undefined },
    { name: 'capability names are case-insensitive', account: { capabilities: ['enablecassandra'], disableLocalAuth: undefined }, severity: undefined },
    { name: 'turned off in settings', account: { disableLocalAuth: undefined }, options: { rules: { 'local-auth-enabled': false } }, severity: undefined },
  ]);
});

describe('posture rule: open-network', () => {
  // Open: public access on, no VNet filter, no IP rules, no private endpoint.
  const open = { publicNetworkAccess: 'Enabled', isVirtualNetworkFilterEnabled: false, ipRules: [], privateEndpointStatuses: [] };
  const msg = 'Reachable from any network: public access is on, with no IP rules, no virtual network filter and no approved private endpoint.';
  ruleTable('open-network', [
    { name: 'open, NoSQL with local auth on: high', account: { ...open, disableLocalAuth: undefined }, severity: 'high', message: msg,
      detail: { keysUsable: true, publicNetworkAccess: 'Enabled', unapprovedPrivateEndpoints: 0 } },
    { name: 'open, NoSQL with local auth off: medium', account: { ...open, disableLocalAuth: true }, severity: 'medium', detail: { keysUsable: false } },
    { name: 'open, MongoDB with disableLocalAuth true (keys always usable): high', account: { ...open, ...MONGO, disableLocalAuth: true }, severity: 'high', detail: { keysUsable: true } },
    { name: 'open, Cassandra: high', account: { ...open, ...CASSANDRA, disableLocalAuth: true }, severity: 'high' },
    { name: 'open, Table: high', account: { ...open, ...TABLE, disableLocalAuth: true }, severity: 'high' },
    { name: 'open, Gremlin: high', account: { ...open, ...GREMLIN, disableLocalAuth: true }, severity: 'high' },
    { name: 'publicNetworkAccess missing (defaults to Enabled): reported', account: { ...open, publicNetworkAccess: undefined }, severity: 'medium', detail: { publicNetworkAccess: undefined } },
    { name: 'publicNetworkAccess Disabled: fine', account: { ...open, publicNetworkAccess: 'Disabled' }, severity: undefined },
    { name: 'publicNetworkAccess disabled (any case): fine', account: { ...open, publicNetworkAccess: 'disabled' }, severity: undefined },
    { name: 'publicNetworkAccess SecuredByPerimeter: fine', account: { ...open, publicNetworkAccess: 'SecuredByPerimeter' }, severity: undefined },
    { name: 'VNet filter on: fine', account: { ...open, isVirtualNetworkFilterEnabled: true, virtualNetworkRuleCount: 1 }, severity: undefined },
    { name: 'VNet rules listed but the filter off: still open', account: { ...open, isVirtualNetworkFilterEnabled: false, virtualNetworkRuleCount: 2 }, severity: 'medium' },
    { name: 'one IP rule: fine', account: { ...open, ipRules: ['40.76.54.131'] }, severity: undefined },
    { name: 'only the 0.0.0.0 rule: not open (azure-datacenters-allowed reports it)', account: { ...open, ipRules: ['0.0.0.0'] }, severity: undefined },
    { name: 'blank IP rule does not count', account: { ...open, ipRules: ['  '] }, severity: 'medium' },
    { name: 'approved private endpoint: fine', account: { ...open, privateEndpointStatuses: ['Approved'] }, severity: undefined },
    { name: 'approved (any case): fine', account: { ...open, privateEndpointStatuses: ['approved'] }, severity: undefined },
    { name: 'pending private endpoint only: open', account: { ...open, privateEndpointStatuses: ['Pending'] }, severity: 'medium',
      message: 'Reachable from any network: public access is on, with no IP rules, no virtual network filter and no approved private endpoint (1 private endpoint connection is not approved).',
      detail: { unapprovedPrivateEndpoints: 1 } },
    { name: 'rejected private endpoint only: open', account: { ...open, privateEndpointStatuses: ['Rejected'] }, severity: 'medium', detail: { unapprovedPrivateEndpoints: 1 } },
    { name: 'rejected and disconnected: open, both counted', account: { ...open, privateEndpointStatuses: ['Rejected', 'Disconnected'] }, severity: 'medium',
      message: /\(2 private endpoint connections are not approved\)\.$/, detail: { unapprovedPrivateEndpoints: 2 } },
    { name: 'pending plus approved: fine', account: { ...open, privateEndpointStatuses: ['Pending', 'Approved'] }, severity: undefined },
    { name: 'turned off in settings', account: open, options: { rules: { 'open-network': false } }, severity: undefined },
  ]);
});

describe('posture rule: azure-datacenters-allowed', () => {
  const msg = 'The firewall accepts connections from all Azure datacenters (IP rule 0.0.0.0), including other customers\' resources.';
  ruleTable('azure-datacenters-allowed', [
    { name: 'no IP rules: fine', account: { ipRules: [] }, severity: undefined },
    { name: 'specific IPs and ranges: fine', account: { ipRules: ['40.76.54.131', '52.176.6.0/24'] }, severity: undefined },
    { name: '0.0.0.0 alone: medium', account: { ipRules: ['0.0.0.0'] }, severity: 'medium', message: msg, detail: { ipRules: ['0.0.0.0'] } },
    { name: '0.0.0.0 among other rules, with spaces: medium', account: { ipRules: ['40.76.54.131', ' 0.0.0.0 '] }, severity: 'medium', detail: { ipRules: [' 0.0.0.0 '] } },
    { name: 'reported even with public access disabled (as Azure Policy does)', account: { ipRules: ['0.0.0.0'], publicNetworkAccess: 'Disabled' }, severity: 'medium' },
    { name: 'a similar address is not the special rule', account: { ipRules: ['10.0.0.0'] }, severity: undefined },
    { name: 'turned off in settings', account: { ipRules: ['0.0.0.0'] }, options: { rules: { 'azure-datacenters-allowed': false } }, severity: undefined },
  ]);
});

describe('posture rule: public-network-access', () => {
  ruleTable('public-network-access', [
    { name: 'Enabled: low', account: { publicNetworkAccess: 'Enabled' }, severity: 'low', message: 'Public network access is Enabled.', detail: { publicNetworkAccess: 'Enabled' } },
    { name: 'missing: low', account: { publicNetworkAccess: undefined }, severity: 'low', message: 'Public network access is not disabled (not set, which means Enabled).' },
    { name: 'Disabled: fine', account: { publicNetworkAccess: 'Disabled' }, severity: undefined },
    { name: 'DISABLED (any case): fine', account: { publicNetworkAccess: 'DISABLED' }, severity: undefined },
    { name: 'SecuredByPerimeter: fine', account: { publicNetworkAccess: 'SecuredByPerimeter' }, severity: undefined },
    { name: 'turned off in settings', account: { publicNetworkAccess: 'Enabled' }, options: { rules: { 'public-network-access': false } }, severity: undefined },
  ]);
});

describe('posture rule: metadata-write-by-key', () => {
  ruleTable('metadata-write-by-key', [
    { name: 'not set: low', account: { disableKeyBasedMetadataWriteAccess: undefined }, severity: 'low',
      message: 'Account keys can create and delete databases and containers and change throughput (disableKeyBasedMetadataWriteAccess is not set).',
      detail: { disableKeyBasedMetadataWriteAccess: undefined } },
    { name: 'false: low', account: { disableKeyBasedMetadataWriteAccess: false }, severity: 'low', message: /is false\)\.$/ },
    { name: 'true: fine', account: { disableKeyBasedMetadataWriteAccess: true }, severity: undefined },
    { name: 'turned off in settings', account: { disableKeyBasedMetadataWriteAccess: false }, options: { rules: { 'metadata-write-by-key': false } }, severity: undefined },
  ]);
});

describe('posture rule: tls-below-1-2', () => {
  ruleTable('tls-below-1-2', [
    { name: 'Tls (1.0): medium', account: { minimalTlsVersion: 'Tls' }, severity: 'medium', message: 'Minimum TLS version is TLS 1.0 (Tls).', detail: { minimalTlsVersion: 'Tls' } },
    { name: 'Tls11: medium', account: { minimalTlsVersion: 'Tls11' }, severity: 'medium', message: 'Minimum TLS version is TLS 1.1 (Tls11).' },
    { name: 'Tls12: fine', account: { minimalTlsVersion: 'Tls12' }, severity: undefined },
    { name: 'Tls13: fine', account: { minimalTlsVersion: 'Tls13' }, severity: undefined },
    { name: 'tls12 (any case): fine', account: { minimalTlsVersion: 'tls12' }, severity: undefined },
    { name: 'missing on NoSQL (default was TLS 1.0): medium', account: { minimalTlsVersion: undefined }, severity: 'medium',
      message: 'Minimum TLS version is not set, so clients may still connect with TLS 1.0.', detail: { minimalTlsVersion: undefined } },
    { name: 'missing on Table: medium', account: { ...TABLE, minimalTlsVersion: undefined }, severity: 'medium' },
    { name: 'missing on Gremlin: medium', account: { ...GREMLIN, minimalTlsVersion: undefined }, severity: 'medium' },
    { name: 'missing on MongoDB (TLS 1.2 only): fine', account: { ...MONGO, minimalTlsVersion: undefined }, severity: undefined },
    { name: 'missing on Cassandra (TLS 1.2 only): fine', account: { ...CASSANDRA, minimalTlsVersion: undefined }, severity: undefined },
    { name: 'explicit Tls on MongoDB: medium', account: { ...MONGO, minimalTlsVersion: 'Tls' }, severity: 'medium' },
    { name: 'unrecognised value: medium, quoted', account: { minimalTlsVersion: 'Ssl3' }, severity: 'medium',
      message: 'Minimum TLS version "Ssl3" is not one Cosmos Guard recognises as TLS 1.2 or later.' },
    { name: 'turned off in settings', account: { minimalTlsVersion: 'Tls' }, options: { rules: { 'tls-below-1-2': false } }, severity: undefined },
  ]);
});

describe('posture rule: no-customer-managed-key', () => {
  ruleTable('no-customer-managed-key', [
    { name: 'no key, rule turned on: info', account: { keyVaultKeyUri: undefined }, severity: 'info',
      message: 'Data at rest is encrypted with Microsoft-managed keys, not a customer-managed key.' },
    { name: 'empty key URI, rule turned on: info', account: { keyVaultKeyUri: '' }, severity: 'info' },
    { name: 'key set: fine', account: { keyVaultKeyUri: 'https://kv.vault.azure.net/keys/k' }, severity: undefined },
    { name: 'no key, rule left at its default (off): no finding', account: { keyVaultKeyUri: undefined }, options: { rules: {} }, severity: undefined },
  ]);

  it('is off by default', () => {
    const findings = evaluatePosture(account({ keyVaultKeyUri: undefined }), { now: NOW });
    assert.deepEqual(findings, []);
  });
});
