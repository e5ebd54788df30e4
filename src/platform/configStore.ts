import * as vscode from 'vscode';
import { readConfigSnapshot, type ConfigSnapshot } from './configSnapshot';
import { SETTINGS_SECTION } from './settingKeys';

export interface ConfigChange {
  readonly previous: ConfigSnapshot;
  readonly current: ConfigSnapshot;
}

type ConfigurationSource = Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;

/** Holds the current {@link ConfigSnapshot} and replaces it when a `cosmosGuard.*` setting changes. */
export class ConfigStore implements vscode.Disposable {
  private current: ConfigSnapshot;
  private readonly changed = new vscode.EventEmitter<ConfigChange>();
  private readonly subscription: vscode.Disposable;

  /** Fires after the snapshot was rebuilt. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly source: ConfigurationSource) {
    this.current = this.read();
    this.subscription = source.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTINGS_SECTION)) return;
      const previous = this.current;
      this.current = this.read();
      this.changed.fire({ previous, current: this.current });
    });
  }

  get snapshot(): ConfigSnapshot {
    return this.current;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private read(): ConfigSnapshot {
    const section = this.source.getConfiguration(SETTINGS_SECTION);
    return readConfigSnapshot((key) => section.get<unknown>(key));
  }
}
