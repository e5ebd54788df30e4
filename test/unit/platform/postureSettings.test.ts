// The posture and Azure settings in the config snapshot: validated by the core's resolvePostureOptions, one clear
// problem message for bad values, defaults for the rest.
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, readConfigSnapshot } from '../../../src/platform/configSnapshot';
import { SettingKey } from '../../../src/platform/settingKeys';

const read = (values: Record<string, unknown>) => readConfigSnapshot((key) => values[key]);

describe('posture and Azure settings', () => {
  it('defaults: 60 days, every rule at its default, VS Code sign-in, 16 requests, all subscriptions', () => {
    const s = read({});
    assert.deepEqual(s.posture, { maxKeyAgeDays: 60, unusedKeyDays: 30, keyReadDays: 7, rules: {} });
    assert.deepEqual(s.azure, { armEndpoint: '', maxConcurrentRequests: 16, selectedSubscriptions: [] });
    assert.deepEqual(DEFAULT_CONFIG.posture, s.posture);
    assert.ok(Object.isFrozen(s.posture) && Object.isFrozen(s.posture.rules) && Object.isFrozen(s.azure));
  });

  it('reads valid values', () => {
    const s = read({
      [SettingKey.maxKeyAgeDays]: 90, [SettingKey.postureRules]: { 'no-customer-managed-key': true, 'tls-below-1-2': false },
      [SettingKey.unusedKeyDays]: 45, [SettingKey.keyReadDays]: 14,
      [SettingKey.armEndpoint]: ' https://localhost:8443 ', [SettingKey.maxConcurrentRequests]: 4,
      [SettingKey.selectedSubscriptions]: ['1F3E5A7C-9B2D-4C6E-8F10-0A2B4C6D8E01', '', 7, '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01'],
    });
    assert.deepEqual(s.posture, { maxKeyAgeDays: 90, unusedKeyDays: 45, keyReadDays: 14, rules: { 'no-customer-managed-key': true, 'tls-below-1-2': false } });
    assert.deepEqual(s.azure, { armEndpoint: 'https://localhost:8443', maxConcurrentRequests: 4, selectedSubscriptions: ['1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01'] });
  });

  it('rejects a bad key age with the core\'s message and keeps valid rules', () => {
    const s = read({ [SettingKey.maxKeyAgeDays]: 0, [SettingKey.postureRules]: { 'stale-keys': false } });
    assert.equal(s.posture.maxKeyAgeDays, 60);
    assert.deepEqual(s.posture.rules, { 'stale-keys': false });
    assert.equal(s.posture.problem, 'cosmosGuard.posture.maxKeyAgeDays must be a whole number of days, 1 or more; got 0.');
  });

  it('rejects a bad unused-key period or key-read period, each with its own message, keeping the others', () => {
    const s = read({ [SettingKey.unusedKeyDays]: 0, [SettingKey.keyReadDays]: 91, [SettingKey.maxKeyAgeDays]: 30 });
    assert.deepEqual([s.posture.maxKeyAgeDays, s.posture.unusedKeyDays, s.posture.keyReadDays], [30, 30, 7]);
    assert.equal(s.posture.problem, 'cosmosGuard.posture.unusedKeyDays must be a whole number of days, 1 or more; got 0. '
      + 'cosmosGuard.posture.keyReadDays must be a whole number of days, from 1 to 90 (the Activity Log keeps 90 days); got 91.');
  });

  it('rejects an unknown rule id (a typo must not leave a rule on) and names the known ones', () => {
    const s = read({ [SettingKey.postureRules]: { 'stale-key': false }, [SettingKey.maxKeyAgeDays]: 30.5 });
    assert.deepEqual(s.posture.rules, {});
    assert.match(s.posture.problem ?? '', /^cosmosGuard\.posture\.maxKeyAgeDays must be a whole number of days, 1 or more; got 30\.5\. cosmosGuard\.posture\.rules: unknown rule "stale-key"\. Known rules: stale-keys, /);
    assert.match(read({ [SettingKey.postureRules]: ['stale-keys'] }).posture.problem ?? '', /must be an object/);
    assert.match(read({ [SettingKey.postureRules]: { 'stale-keys': 'no' } }).posture.problem ?? '', /\["stale-keys"\] must be true or false/);
  });

  it('clamps the request cap to 1..64 and ignores non-numbers', () => {
    assert.equal(read({ [SettingKey.maxConcurrentRequests]: 1000 }).azure.maxConcurrentRequests, 64);
    assert.equal(read({ [SettingKey.maxConcurrentRequests]: 0 }).azure.maxConcurrentRequests, 16);
    assert.equal(read({ [SettingKey.maxConcurrentRequests]: '8' }).azure.maxConcurrentRequests, 16);
  });
});
