// What survives a window reload, in `globalState`: unfinished guided rotations and stand-alone regenerations still
// running, one of each per account at most. globalState is shared by every window, so:
// - every write reads the latest value and changes only its own account's entry (it never writes back a copy of
//   the others it read earlier), and a write can be made conditional on the entry still being what the caller saw;
// - reading never writes: an entry written by a newer version of Cosmos Guard is kept as it is (and its account is
//   left alone here), an unreadable one is ignored and logged once.
// Nothing stored here is key material: ids, names, key kinds, times and the poller's serialized state.
import * as vscode from 'vscode';
import {
  accountKey, isNewerEntry, parsePendingRegeneration, parseRotationState, type NewerStoredEntry, type Parsed, type PendingRegeneration, type RotationState,
} from '../../core/rotation';
import { type Logger } from '../../platform/logger';

/** globalState keys (also what tests search for key material). */
export const ROTATIONS_STATE_KEY = 'cosmosGuard.rotations';
export const PENDING_STATE_KEY = 'cosmosGuard.pendingRegenerations';

type Stored<T> = Readonly<Record<string, T>>;

/** What is stored for one account, newer-format entries included. */
export interface StoredEntries {
  readonly rotation?: RotationState | NewerStoredEntry;
  readonly pending?: PendingRegeneration | NewerStoredEntry;
}

/** A conditional write: applied only while the account's stored rotation is (phase and updatedAt) `expected`, or absent for `null`. */
export type Expected = Pick<RotationState, 'phase' | 'updatedAt'> | null;

export class RotationStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly reported = new Set<string>();

  constructor(private readonly memento: vscode.Memento, private readonly logger: Logger) {}

  rotations(): RotationState[] {
    return Object.values(this.read(ROTATIONS_STATE_KEY, parseRotationState, 'key rotation'));
  }

  rotation(accountId: string): RotationState | undefined {
    return this.read(ROTATIONS_STATE_KEY, parseRotationState, 'key rotation')[accountKey(accountId)];
  }

  pendingRegenerations(): PendingRegeneration[] {
    return Object.values(this.read(PENDING_STATE_KEY, parsePendingRegeneration, 'regeneration'));
  }

  pendingRegeneration(accountId: string): PendingRegeneration | undefined {
    return this.read(PENDING_STATE_KEY, parsePendingRegeneration, 'regeneration')[accountKey(accountId)];
  }

  /** Everything stored for the account as of now, entries of a newer version included (for the check before sending). */
  entries(accountId: string): StoredEntries {
    const id = accountKey(accountId);
    const rotation = this.entry(ROTATIONS_STATE_KEY, id, parseRotationState, 'key rotation');
    const pending = this.entry(PENDING_STATE_KEY, id, parsePendingRegeneration, 'regeneration');
    return { ...(rotation ? { rotation } : {}), ...(pending ? { pending } : {}) };
  }

  /**
   * Stores the account's rotation. With `expected`, only while the stored one still is that (null: none is
   * stored); resolves false, writing nothing, when another window changed it meanwhile. Never replaces an entry a
   * newer version wrote.
   */
  async saveRotation(state: RotationState, expected?: Expected): Promise<boolean> {
    return this.update(ROTATIONS_STATE_KEY, state.accountId, state, expected);
  }

  /** Forgets the account's rotation (with `expected`, only while it is that one). */
  async removeRotation(accountId: string, expected?: Expected): Promise<boolean> {
    return this.update(ROTATIONS_STATE_KEY, accountId, undefined, expected);
  }

  async savePendingRegeneration(pending: PendingRegeneration): Promise<boolean> {
    return this.update(PENDING_STATE_KEY, pending.accountId, pending);
  }

  async removePendingRegeneration(accountId: string): Promise<boolean> {
    return this.update(PENDING_STATE_KEY, accountId, undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private raw(key: string): Stored<unknown> {
    const value = this.memento.get<unknown>(key);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Stored<unknown> : {};
  }

  private entry<T>(key: string, id: string, parse: (value: unknown) => Parsed<T>, what: string): T | NewerStoredEntry | undefined {
    const value = this.raw(key)[id];
    if (value === undefined) return undefined;
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    this.reportOnce(key, id, parsed.problem, what);
    return parsed.newer ? { newer: true, version: (value as { version?: unknown }).version } : undefined;
  }

  /** Readable entries by account key; the others are left where they are and logged once. */
  private read<T>(key: string, parse: (value: unknown) => Parsed<T>, what: string): Stored<T> {
    const out: Record<string, T> = {};
    for (const [id, value] of Object.entries(this.raw(key))) {
      const parsed = parse(value);
      if (parsed.ok) out[id] = parsed.value;
      else this.reportOnce(key, id, parsed.problem, what);
    }
    return out;
  }

  private reportOnce(key: string, id: string, problem: string, what: string): void {
    const note = `${key}\u0000${id}\u0000${problem}`;
    if (this.reported.has(note)) return;
    this.reported.add(note);
    this.logger.warn(`Ignoring a stored ${what} for ${id}: ${problem}. It is left as it is.`);
  }

  /** Reads the latest stored map and changes only this account's entry in it. */
  private async update(key: string, accountId: string, value: unknown, expected?: Expected): Promise<boolean> {
    const id = accountKey(accountId);
    const latest = this.raw(key);
    const current = latest[id];
    if (isNewerEntry(current)) {
      this.logger.warn(`Not changing the stored entry for ${id}: a newer version of Cosmos Guard wrote it.`);
      return false;
    }
    if (expected !== undefined) {
      const parsed = current === undefined ? undefined : parseRotationState(current);
      const now = parsed?.ok ? parsed.value : undefined;
      const matches = expected === null ? current === undefined
        : now !== undefined && now.phase === expected.phase && now.updatedAt === expected.updatedAt;
      if (!matches) return false;
    }
    const { [id]: _old, ...others } = latest;
    const next = value === undefined ? others : { ...others, [id]: value };
    await this.memento.update(key, Object.keys(next).length ? next : undefined);
    this.changed.fire();
    return true;
  }
}
