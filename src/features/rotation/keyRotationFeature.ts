// Wires key rotation into the extension: its commands, its state on the accounts view's rows, the context key
// behind Resume/Abandon Rotation in the palette, and resuming stored regenerations — when the accounts view has
// loaded, or (if something is stored) right after activation, never during it.
import * as vscode from 'vscode';
import { type CosmosClientFactory } from '../../azure/cosmosClientFactory';
import { DEFAULT_POLL_INTERVAL_MS, KeyOperations, type KeyOperationTimeLimits } from '../../azure/keyOperations';
import { KeyVaultSecretWriter } from '../../azure/keyVaultSecrets';
import { CommandId } from '../../platform/commandIds';
import { type ConfigSnapshot } from '../../platform/configSnapshot';
import { ContextKey } from '../../platform/contextKeys';
import { VsCodeFlowUi, type FlowUi } from '../../platform/flow/flowUi';
import { type Logger } from '../../platform/logger';
import { type AccountsView } from '../accounts/accountsView';
import { WhichKeyLeaked, type FindingResolver } from '../quickFixes/whichKeyLeaked';
import { KeyRotation } from './keyRotation';
import { ROTATIONS_STATE_KEY, PENDING_STATE_KEY, RotationStore } from './rotationStore';

export interface KeyRotationFeatureDeps {
  readonly view: AccountsView;
  readonly globalState: vscode.Memento;
  readonly clientFactory: CosmosClientFactory;
  readonly logger: Logger;
  readonly locateFinding: FindingResolver;
  readonly userAgentPrefix: string;
  readonly config: { readonly snapshot: ConfigSnapshot };
}

export type KeyRotationCommandId = typeof CommandId['regenerateKey' | 'rotateKeys' | 'resumeRotation' | 'abandonRotation' | 'checkWhichAccount'];

/** What host tests drive (activate() returns it only under a test runner). */
export interface RotationTestApi {
  /** Replaces the prompts, notifications and progress with a scripted stand-in; `undefined` restores VS Code's. */
  setUiForTesting(ui: FlowUi | undefined): void;
  /** Polls long-running operations this often (default 2 s); `undefined` restores the default. */
  setPollIntervalForTesting(ms: number | undefined): void;
  /** Replaces some of the key operations' time limits; `undefined` restores the defaults. */
  setTimeLimitsForTesting(limits: Partial<KeyOperationTimeLimits> | undefined): void;
  /**
   * What a window reload does to key rotation: the feature is disposed (watches stop; what is stored stays) and
   * built again over the same globalState, with new clients, then resumes as after activation.
   */
  simulateReload(): Promise<void>;
  /** Settles when no regeneration is being watched. */
  whenIdle(): Promise<void>;
  /** Resumes stored regenerations now (what happens after activation and when the accounts view loads). */
  resumePending(): Promise<void>;
  /** Everything key rotation keeps in globalState, as stored. */
  storedState(): Record<string, unknown>;
  /** Fires after this window changed what is stored. */
  readonly onDidChangeStoredState: vscode.Event<void>;
  /** Writes globalState directly, as another window (or another version of Cosmos Guard) would. */
  setStoredStateForTesting(key: string, value: unknown): Promise<void>;
}

export class KeyRotationFeature implements vscode.Disposable {
  private current: KeyRotation;
  private readonly store: RotationStore;
  private readonly whichKeyLeaked: WhichKeyLeaked;
  private readonly disposables: vscode.Disposable[] = [];
  private uiOverride: FlowUi | undefined;
  private readonly vscodeUi = new VsCodeFlowUi();
  private pollIntervalMs = DEFAULT_POLL_INTERVAL_MS;
  private timeLimits: Partial<KeyOperationTimeLimits> = {};
  private resumeTimer: ReturnType<typeof setTimeout> | undefined;

  readonly commandHandlers: { readonly [K in KeyRotationCommandId]: (...args: unknown[]) => unknown };

  constructor(private readonly deps: KeyRotationFeatureDeps) {
    this.store = new RotationStore(deps.globalState, deps.logger);
    this.current = this.create();
    this.whichKeyLeaked = new WhichKeyLeaked({
      accounts: deps.view, operations: () => this.operations(), ui: () => this.ui(), findings: deps.locateFinding, logger: deps.logger,
      rotate: (request) => this.current.rotateKeysSafely(request),
    });
    this.disposables.push(
      this.store,
      this.store.onDidChange(() => this.updateContext()),
      deps.view.onDidLoad(() => { void this.resume(); }),
    );
    this.updateContext();
    this.commandHandlers = {
      [CommandId.regenerateKey]: (arg?: unknown) => this.current.regenerateKey(arg),
      [CommandId.rotateKeys]: (arg?: unknown) => this.current.rotateKeysSafely(arg),
      [CommandId.resumeRotation]: (arg?: unknown) => this.current.resumeRotation(arg),
      [CommandId.abandonRotation]: (arg?: unknown) => this.current.abandonRotation(arg),
      [CommandId.checkWhichAccount]: (uri?: unknown, target?: unknown) => this.whichKeyLeaked.check(uri, target),
    };
  }

  /** After activation has returned: resume watching stored regenerations, if there are any. */
  resumeAfterActivation(): void {
    if (!this.current.hasPendingWork) return;
    this.resumeTimer = setTimeout(() => { void this.resume(); }, 0);
  }

  testApi(): RotationTestApi {
    return {
      setUiForTesting: (ui) => { this.uiOverride = ui; },
      setPollIntervalForTesting: (ms) => { this.pollIntervalMs = ms ?? DEFAULT_POLL_INTERVAL_MS; },
      setTimeLimitsForTesting: (limits) => { this.timeLimits = limits ?? {}; },
      simulateReload: async () => {
        const old = this.current;
        old.dispose();
        await old.whenIdle();
        this.current = this.create();
        await this.resume();
      },
      whenIdle: () => this.current.whenIdle(),
      resumePending: () => this.resume(),
      storedState: () => Object.fromEntries([ROTATIONS_STATE_KEY, PENDING_STATE_KEY].map((k) => [k, this.deps.globalState.get(k)])),
      onDidChangeStoredState: this.store.onDidChange,
      setStoredStateForTesting: async (key, value) => {
        await this.deps.globalState.update(key, value);
      },
    };
  }

  dispose(): void {
    clearTimeout(this.resumeTimer);
    this.current.dispose();
    this.deps.view.setAnnotations(undefined);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private create(): KeyRotation {
    const rotation = new KeyRotation({
      accounts: this.deps.view,
      operations: () => this.operations(),
      keyVault: new KeyVaultSecretWriter({ userAgentPrefix: this.deps.userAgentPrefix }),
      store: this.store,
      ui: () => this.ui(),
      clipboard: vscode.env.clipboard,
      logger: this.deps.logger,
      settings: () => this.deps.config.snapshot.rotation,
    });
    this.deps.view.setAnnotations(rotation);
    return rotation;
  }

  private operations(): KeyOperations {
    return new KeyOperations(this.deps.clientFactory, { pollIntervalMs: this.pollIntervalMs, timeLimits: this.timeLimits });
  }

  private ui(): FlowUi {
    return this.uiOverride ?? this.vscodeUi;
  }

  private async resume(): Promise<void> {
    try {
      await this.current.resumePending();
    } catch (error) {
      this.deps.logger.error('Resuming stored key regenerations failed', error);
    }
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.rotationsPending, this.store.rotations().length > 0);
  }
}
