import { SettingKey } from './settingKeys';

export type EmulatorKeyHandling = 'ignore' | 'inform';

/** The settings as one immutable, validated value; rebuilt whole whenever a `cosmosGuard.*` setting changes. */
export interface ConfigSnapshot {
  readonly scan: {
    /** Scan documents as they are opened, edited and saved. */
    readonly liveScanning: boolean;
    /** Whether the public emulator key is dropped or reported as information. */
    readonly emulatorKey: EmulatorKeyHandling;
  };
}

export const DEFAULT_CONFIG: ConfigSnapshot = Object.freeze({
  scan: Object.freeze({ liveScanning: true, emulatorKey: 'ignore' as const }),
});

/**
 * Builds a snapshot from a setting reader (`WorkspaceConfiguration.get` in the extension). Values of the wrong type
 * fall back to the default, so a hand-edited settings.json can never put the scanner into an undefined state.
 */
export function readConfigSnapshot(read: (key: SettingKey) => unknown): ConfigSnapshot {
  const liveScanning = read(SettingKey.liveScanning);
  const emulatorKey = read(SettingKey.emulatorKey);
  return Object.freeze({
    scan: Object.freeze({
      liveScanning: typeof liveScanning === 'boolean' ? liveScanning : DEFAULT_CONFIG.scan.liveScanning,
      emulatorKey: emulatorKey === 'ignore' || emulatorKey === 'inform' ? emulatorKey : DEFAULT_CONFIG.scan.emulatorKey,
    }),
  });
}
