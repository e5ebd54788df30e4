// SARIF for posture findings: deterministic, located by resource id, every rule described, failures as
// notifications. (The CLI test runs the official validator over real output.)
import * as assert from 'node:assert/strict';
import { resolvePostureOptions } from '../../../src/core/posture';
import { buildPostureSarifLog, POSTURE_FINGERPRINT_KEY } from '../../../src/core/sarif';

const ID_B = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/b';
const ID_A = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/a';
const { enabled } = resolvePostureOptions({ now: 0 });

describe('posture SARIF', () => {
  const accounts = [
    { id: ID_B, name: 'b', findings: [{ rule: 'tls-below-1-2' as const, severity: 'medium' as const, message: 'TLS 1.0' },
      { rule: 'stale-keys' as const, severity: 'high' as const, message: 'Keys not rotated in 60+ days.' }] },
    { id: ID_A, name: 'a', findings: [{ rule: 'public-network-access' as const, severity: 'low' as const, message: 'Public network access is Enabled.' }] },
  ];

  it('sorts results by account, then rule order, with levels, logical locations and stable fingerprints', () => {
    const log = buildPostureSarifLog(accounts, [], { toolVersion: '1.2.3', enabled });
    const run = log.runs[0]!;
    assert.deepEqual(run.results.map((r) => [r.locations[0]!.logicalLocations[0]!.fullyQualifiedName, r.ruleId, r.level]),
      [[ID_A, 'public-network-access', 'note'], [ID_B, 'stale-keys', 'error'], [ID_B, 'tls-below-1-2', 'warning']]);
    assert.equal(run.results[2]!.message.text, 'b: TLS 1.0.');
    assert.equal(run.results[1]?.ruleIndex, 0);
    const again = buildPostureSarifLog([...accounts].reverse(), [], { toolVersion: '1.2.3', enabled });
    assert.deepEqual(again, log, 'the same findings in another order give the same log');
    assert.match(run.results[0]!.partialFingerprints[POSTURE_FINGERPRINT_KEY], /^[0-9a-f]{64}$/);
    assert.equal(run.invocations[0]!.executionSuccessful, true);
    assert.equal(run.invocations[0]!.toolExecutionNotifications, undefined);
  });

  it('describes all fifteen rules, marking those that did not run', () => {
    const rules = buildPostureSarifLog([], [], { toolVersion: '1', enabled }).runs[0]!.tool.driver.rules;
    assert.equal(rules.length, 15);
    assert.deepEqual(rules.filter((r) => !r.defaultConfiguration.enabled).map((r) => r.id), ['no-customer-managed-key']);
    assert.ok(rules.every((r) => r.helpUri === `https://github.com/cosmos-guard/cosmos-guard#posture-${r.id}` && /^[A-Z]/.test(r.name)));
  });

  it('reports what could not be read as error notifications and an unsuccessful run', () => {
    const log = buildPostureSarifLog([], [{ subscriptionId: 'sub-1', code: 'AuthorizationFailed', message: 'Missing permission' }, {
      subscriptionId: null, code: 'InvalidAuthenticationToken', message: 'Sign in again.' }], { toolVersion: '1', enabled });
    const inv = log.runs[0]!.invocations[0]!;
    assert.equal(inv.executionSuccessful, false);
    assert.deepEqual(inv.toolExecutionNotifications?.map((n) => [n.level, n.descriptor.id, n.message.text]),
      [['error', 'AuthorizationFailed', 'Missing permission.'], ['error', 'InvalidAuthenticationToken', 'Sign in again.']]);
  });
});
