import { DEFAULT_MAX_CONCURRENT_REQUESTS, MAX_CONCURRENT_REQUESTS_LIMIT } from '../azure/requestLimiter';
import {
  DEFAULT_KEY_READ_DAYS, DEFAULT_MAX_KEY_AGE_DAYS, DEFAULT_UNUSED_KEY_DAYS, resolvePostureOptions, type PostureRuleId,
} from '../core/posture';
import { DEFAULT_PAIR_COOLDOWN_MINUTES } from '../core/rotation';
import { DEFAULT_MAX_FILE_SIZE, SWITCHABLE_SCAN_RULES, type SwitchableScanRuleId } from '../core/scan';
import { SettingKey } from './settingKeys';

export type EmulatorKeyHandling = 'ignore' | 'inform';

/** How leak findings appear in the editor (`cosmosGuard.scan.severity`); emulator-key notes are always information. */
export type FindingSeverity = 'error' | 'warning' | 'information';

/** The settings as one immutable, validated value; rebuilt whole whenever a `cosmosGuard.*` setting changes. */
export interface ConfigSnapshot {
  readonly scan: {
    /** Scan documents as they are opened, edited and saved. */
    readonly liveScanning: boolean;
    /** Whether the public emulator key is dropped or reported as information. */
    readonly emulatorKey: EmulatorKeyHandling;
    /** The diagnostic severity of findings. */
    readonly severity: FindingSeverity;
    /** Globs (relative to each workspace folder) that are never scanned, in addition to files.exclude/search.exclude. */
    readonly exclude: readonly string[];
    /** Skip what `.gitignore` files (and `.git/info/exclude`) ignore. */
    readonly respectGitignore: boolean;
    /** Files larger than this many bytes are skipped by workspace scans. */
    readonly maxFileSize: number;
    /** `cosmosGuard.scan.rules`: the rules that can be turned off, each on or off (secret rules are always on). */
    readonly rules: Readonly<Record<SwitchableScanRuleId, boolean>>;
  };
  readonly posture: PostureSettings;
  readonly azure: AzureSettings;
  readonly rotation: RotationSettings;
}

export interface RotationSettings {
  /**
   * `cosmosGuard.rotation.pairCooldownMinutes`: a key whose partner (the other key of its pair) was regenerated less
   * than this many minutes ago is regenerated only after a second, explicit confirmation; 0 turns that off.
   */
  readonly pairCooldownMinutes: number;
}

/** The largest cooldown accepted: a day. */
const MAX_PAIR_COOLDOWN_MINUTES = 1440;

export interface PostureSettings {
  /** `cosmosGuard.posture.maxKeyAgeDays`: keys this many days old or older are stale. */
  readonly maxKeyAgeDays: number;
  /** `cosmosGuard.posture.unusedKeyDays`: a key Azure reports unused this long is reported (`unused-key`). */
  readonly unusedKeyDays: number;
  /** `cosmosGuard.posture.keyReadDays`: key reads by others this recent are reported (`keys-read-recently`). */
  readonly keyReadDays: number;
  /** `cosmosGuard.posture.rules`: per-rule on/off (rules not named keep their default). */
  readonly rules: Readonly<Partial<Record<PostureRuleId, boolean>>>;
  /** Why a posture setting was rejected (its default applies instead), for one clear message; undefined when valid. */
  readonly problem?: string;
}

export interface AzureSettings {
  /** `cosmosGuard.azure.armEndpoint`: '' signs in through VS Code; otherwise a custom ARM endpoint (static token). */
  readonly armEndpoint: string;
  /** `cosmosGuard.azure.maxConcurrentRequests`: the cap on ARM operations in flight. */
  readonly maxConcurrentRequests: number;
  /** `cosmosGuard.azure.selectedSubscriptions`: subscription ids to audit; empty means all. */
  readonly selectedSubscriptions: readonly string[];
}

export const DEFAULT_CONFIG: ConfigSnapshot = Object.freeze({
  scan: Object.freeze({ liveScanning: true, emulatorKey: 'ignore' as const, severity: 'error' as const, exclude: Object.freeze([]),
    respectGitignore: true, maxFileSize: DEFAULT_MAX_FILE_SIZE, rules: Object.freeze({ 'cosmos-key-based-client': true }) }),
  posture: Object.freeze({ maxKeyAgeDays: DEFAULT_MAX_KEY_AGE_DAYS, unusedKeyDays: DEFAULT_UNUSED_KEY_DAYS, keyReadDays: DEFAULT_KEY_READ_DAYS,
    rules: Object.freeze({}) }),
  azure: Object.freeze({ armEndpoint: '', maxConcurrentRequests: DEFAULT_MAX_CONCURRENT_REQUESTS, selectedSubscriptions: Object.freeze([]) }),
  rotation: Object.freeze({ pairCooldownMinutes: DEFAULT_PAIR_COOLDOWN_MINUTES }),
});

/**
 * Posture settings checked by the core's own validation (`resolvePostureOptions`), one setting at a time: a bad
 * value falls back to its default and is named in `problem`; the other setting keeps its value.
 */
function readPosture(read: (key: SettingKey) => unknown): PostureSettings {
  const problems: string[] = [];
  const check = (options: { maxKeyAgeDays?: unknown; unusedKeyDays?: unknown; keyReadDays?: unknown; rules?: unknown }): boolean => {
    try {
      resolvePostureOptions({ now: 0, ...options } as Parameters<typeof resolvePostureOptions>[0]);
      return true;
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return false;
    }
  };
  const days = (key: SettingKey, option: 'maxKeyAgeDays' | 'unusedKeyDays' | 'keyReadDays', fallback: number): number => {
    const raw = read(key);
    return raw === undefined || raw === null ? fallback : check({ [option]: raw }) ? raw as number : fallback;
  };
  const maxKeyAgeDays = days(SettingKey.maxKeyAgeDays, 'maxKeyAgeDays', DEFAULT_MAX_KEY_AGE_DAYS);
  const unusedKeyDays = days(SettingKey.unusedKeyDays, 'unusedKeyDays', DEFAULT_UNUSED_KEY_DAYS);
  const keyReadDays = days(SettingKey.keyReadDays, 'keyReadDays', DEFAULT_KEY_READ_DAYS);
  const rawRules = read(SettingKey.postureRules);
  let rules: Partial<Record<PostureRuleId, boolean>> = {};
  if (rawRules !== undefined && rawRules !== null) {
    if (typeof rawRules !== 'object' || Array.isArray(rawRules)) problems.push('cosmosGuard.posture.rules must be an object of rule ids and true/false.');
    else if (check({ rules: rawRules })) rules = { ...(rawRules as Record<PostureRuleId, boolean>) };
  }
  return Object.freeze({ maxKeyAgeDays, unusedKeyDays, keyReadDays, rules: Object.freeze(rules), ...(problems.length ? { problem: problems.join(' ') } : {}) });
}

/** Each switchable rule's value when it is a boolean; anything else (a rule id that is not switchable, a string) is ignored. */
function readScanRules(raw: unknown): Readonly<Record<SwitchableScanRuleId, boolean>> {
  const given = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw as Record<string, unknown> : {};
  const rules = { ...DEFAULT_CONFIG.scan.rules };
  for (const id of SWITCHABLE_SCAN_RULES) if (typeof given[id] === 'boolean') rules[id] = given[id];
  return Object.freeze(rules);
}

function readAzure(read: (key: SettingKey) => unknown): AzureSettings {
  const endpoint = read(SettingKey.armEndpoint);
  const concurrency = read(SettingKey.maxConcurrentRequests);
  const selected = read(SettingKey.selectedSubscriptions);
  return Object.freeze({
    armEndpoint: typeof endpoint === 'string' ? endpoint.trim() : '',
    maxConcurrentRequests: typeof concurrency === 'number' && Number.isInteger(concurrency) && concurrency >= 1
      ? Math.min(concurrency, MAX_CONCURRENT_REQUESTS_LIMIT) : DEFAULT_MAX_CONCURRENT_REQUESTS,
    selectedSubscriptions: Object.freeze(Array.isArray(selected)
      ? [...new Set(selected.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim().toLowerCase()))] : []),
  });
}

function readRotation(read: (key: SettingKey) => unknown): RotationSettings {
  const cooldown = read(SettingKey.pairCooldownMinutes);
  return Object.freeze({
    pairCooldownMinutes: typeof cooldown === 'number' && Number.isInteger(cooldown) && cooldown >= 0 && cooldown <= MAX_PAIR_COOLDOWN_MINUTES
      ? cooldown : DEFAULT_PAIR_COOLDOWN_MINUTES,
  });
}

/**
 * Builds a snapshot from a setting reader (`WorkspaceConfiguration.get` in the extension). Values of the wrong type
 * fall back to the default, so a hand-edited settings.json can never put the scanner into an undefined state.
 */
export function readConfigSnapshot(read: (key: SettingKey) => unknown): ConfigSnapshot {
  const liveScanning = read(SettingKey.liveScanning);
  const emulatorKey = read(SettingKey.emulatorKey);
  const severity = read(SettingKey.severity);
  const exclude = read(SettingKey.exclude);
  const respectGitignore = read(SettingKey.respectGitignore);
  const maxFileSize = read(SettingKey.maxFileSize);
  return Object.freeze({
    scan: Object.freeze({
      liveScanning: typeof liveScanning === 'boolean' ? liveScanning : DEFAULT_CONFIG.scan.liveScanning,
      emulatorKey: emulatorKey === 'ignore' || emulatorKey === 'inform' ? emulatorKey : DEFAULT_CONFIG.scan.emulatorKey,
      severity: severity === 'error' || severity === 'warning' || severity === 'information' ? severity : DEFAULT_CONFIG.scan.severity,
      exclude: Object.freeze(Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : []),
      respectGitignore: typeof respectGitignore === 'boolean' ? respectGitignore : DEFAULT_CONFIG.scan.respectGitignore,
      maxFileSize: typeof maxFileSize === 'number' && Number.isSafeInteger(maxFileSize) && maxFileSize >= 1 ? maxFileSize : DEFAULT_CONFIG.scan.maxFileSize,
      rules: readScanRules(read(SettingKey.scanRules)),
    }),
    posture: readPosture(read),
    azure: readAzure(read),
    rotation: readRotation(read),
  });
}
