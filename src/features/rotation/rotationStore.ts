// What survives a window reload, in `globalState`: unfinished guided rotations and stand-alone regenerations still
// running, one of each per account at most. Entries are validated by the core when read (an old, newer or edited
// entry is dropped, with the reason in the log). Nothing stored here is key material: ids, names, key kinds,
// times and the poller's serialized state (the operation's status and result URLs).
import * as vscode from 'vscode';
import {
  accountKey, parsePendingRegeneration, parseRotationState, type Parsed, type PendingRegeneration, type RotationState,
} from '../../core/rotation';
import { type Logger } from '../../platform/logger';

/** globalState keys (also what tests search for key material). */
export const ROTATIONS_STATE_KEY = 'cosmosGuard.rotations';
export const PENDING_STATE_KEY = 'cosmosGuard.pendingRegenerations';

type Stored<T> = Readonly<Record<string, T>>;

export class RotationStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento, private readonly logger: Logger) {}

  rotations(): RotationState[] {
    return Object.values(this.read(ROTATIONS_STATE_KEY, parseRotationState, 'key rotation'));
  }

  rotation(accountId: string): RotationState | undefined {
    return this.read(ROTATIONS_STATE_KEY, parseRotationState, 'key rotation')[accountKey(accountId)];
  }

  async saveRotation(state: RotationState): Promise<void> {
    await this.write(ROTATIONS_STATE_KEY, { ...this.raw(ROTATIONS_STATE_KEY), [accountKey(state.accountId)]: state });
  }

  async removeRotation(accountId: string): Promise<void> {
    const { [accountKey(accountId)]: _removed, ...rest } = this.raw(ROTATIONS_STATE_KEY);
    await this.write(ROTATIONS_STATE_KEY, rest);
  }

  pendingRegenerations(): PendingRegeneration[] {
    return Object.values(this.read(PENDING_STATE_KEY, parsePendingRegeneration, 'regeneration'));
  }

  pendingRegeneration(accountId: string): PendingRegeneration | undefined {
    return this.read(PENDING_STATE_KEY, parsePendingRegeneration, 'regeneration')[accountKey(accountId)];
  }

  async savePendingRegeneration(pending: PendingRegeneration): Promise<void> {
    await this.write(PENDING_STATE_KEY, { ...this.raw(PENDING_STATE_KEY), [accountKey(pending.accountId)]: pending });
  }

  async removePendingRegeneration(accountId: string): Promise<void> {
    const { [accountKey(accountId)]: _removed, ...rest } = this.raw(PENDING_STATE_KEY);
    await this.write(PENDING_STATE_KEY, rest);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private raw(key: string): Stored<unknown> {
    const value = this.memento.get<unknown>(key);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Stored<unknown> : {};
  }

  /** Valid entries by account key; invalid ones are logged once and removed, so they are not reported again. */
  private read<T>(key: string, parse: (value: unknown) => Parsed<T>, what: string): Stored<T> {
    const out: Record<string, T> = {};
    const raw = this.raw(key);
    const invalid: string[] = [];
    for (const [id, value] of Object.entries(raw)) {
      const parsed = parse(value);
      if (parsed.ok) out[id] = parsed.value;
      else {
        invalid.push(id);
        this.logger.warn(`Dropped a stored ${what} for ${id}: ${parsed.problem}.`);
      }
    }
    if (invalid.length) {
      const kept = Object.fromEntries(Object.entries(raw).filter(([id]) => !invalid.includes(id)));
      void this.write(key, kept);
    }
    return out;
  }

  private async write(key: string, value: Stored<unknown>): Promise<void> {
    await this.memento.update(key, Object.keys(value).length ? value : undefined);
    this.changed.fire();
  }
}
