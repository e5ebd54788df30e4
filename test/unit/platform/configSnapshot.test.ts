import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, readConfigSnapshot } from '../../../src/platform/configSnapshot';
import { SettingKey } from '../../../src/platform/settingKeys';

describe('config snapshot', () => {
  it('reads every setting', () => {
    const values: Record<string, unknown> = { [SettingKey.liveScanning]: false, [SettingKey.emulatorKey]: 'inform', [SettingKey.severity]: 'warning',
      [SettingKey.exclude]: ['dist/**', '', 42, '**/fixtures/**'], [SettingKey.respectGitignore]: false, [SettingKey.maxFileSize]: 1024,
      [SettingKey.scanRules]: { 'cosmos-key-based-client': false } };
    assert.deepEqual(readConfigSnapshot((key) => values[key]).scan, { liveScanning: false, emulatorKey: 'inform', severity: 'warning',
      exclude: ['dist/**', '**/fixtures/**'], respectGitignore: false, maxFileSize: 1024, rules: { 'cosmos-key-based-client': false } });
  });

  it('falls back to the defaults for missing or mistyped values', () => {
    const values: Record<string, unknown> = { [SettingKey.liveScanning]: 'no', [SettingKey.emulatorKey]: 'shout', [SettingKey.severity]: 'hint',
      [SettingKey.exclude]: 'dist/**', [SettingKey.respectGitignore]: 1, [SettingKey.maxFileSize]: -5,
      [SettingKey.scanRules]: { 'cosmos-key-based-client': 'off', 'cosmos-sql-connection-string': false } };
    assert.deepEqual(readConfigSnapshot((key) => values[key]), DEFAULT_CONFIG);
    assert.deepEqual(readConfigSnapshot(() => undefined).scan, { liveScanning: true, emulatorKey: 'ignore', severity: 'error', exclude: [],
      respectGitignore: true, maxFileSize: 5 * 1024 * 1024, rules: { 'cosmos-key-based-client': true } });
    assert.deepEqual(readConfigSnapshot((key) => (key === SettingKey.scanRules ? ['cosmos-key-based-client'] : undefined)).scan.rules,
      { 'cosmos-key-based-client': true }, 'not an object: the defaults');
  });

  it('is immutable', () => {
    const snapshot = readConfigSnapshot(() => undefined);
    assert.ok(Object.isFrozen(snapshot) && Object.isFrozen(snapshot.scan));
    assert.throws(() => { (snapshot.scan as { liveScanning: boolean }).liveScanning = false; }, TypeError);
  });
});
