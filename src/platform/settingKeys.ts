/** The configuration section every Cosmos Guard setting lives under. */
export const SETTINGS_SECTION = 'cosmosGuard';

/**
 * Every setting Cosmos Guard reads, relative to {@link SETTINGS_SECTION}. package.json declares each one as
 * `cosmosGuard.<key>` and declares no others (contract-tested).
 */
export const SettingKey = {
  liveScanning: 'scan.liveScanning',
  emulatorKey: 'scan.emulatorKey',
  severity: 'scan.severity',
  exclude: 'scan.exclude',
  respectGitignore: 'scan.respectGitignore',
  maxFileSize: 'scan.maxFileSize',
  scanRules: 'scan.rules',
  maxKeyAgeDays: 'posture.maxKeyAgeDays',
  unusedKeyDays: 'posture.unusedKeyDays',
  keyReadDays: 'posture.keyReadDays',
  postureRules: 'posture.rules',
  pairCooldownMinutes: 'rotation.pairCooldownMinutes',
  armEndpoint: 'azure.armEndpoint',
  maxConcurrentRequests: 'azure.maxConcurrentRequests',
  selectedSubscriptions: 'azure.selectedSubscriptions',
} as const;

export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];
