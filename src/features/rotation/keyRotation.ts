// Key rotation's commands — "Regenerate Key…", the guided "Rotate Keys Safely…", Resume and Abandon Rotation —
// and what the accounts view shows of it (an unfinished rotation or a running regeneration on the account's row).
// The flows themselves are in regenerateKeyFlow.ts and rotationFlow.ts; this file finds the account a command is
// about, turns away what must wait (an unfinished rotation, a regeneration running), and resumes stored work after
// a reload. Every regeneration is confirmed in a modal, checked again right before it is sent, and stored while it
// runs (poller state, never a key).
import * as vscode from 'vscode';
import { parseAccountId } from '../../core/posture';
import { accountKey, describeRotation, keyKindInfo, type KeyKind, type RotationState } from '../../core/rotation';
import { BACK } from '../../platform/flow/flowUi';
import { type AccountAnnotation, type AccountAnnotations } from '../accounts/accountAnnotations';
import { escapeMarkdown } from '../accounts/accountTooltip';
import { type AccountsNode } from '../accounts/accountsTreeProvider';
import { RegenerateKeyFlow } from './regenerateKeyFlow';
import { accountPickEntries, keysNamedBy } from './rotationPicks';
import { RotationFlow } from './rotationFlow';
import { Action, refOf, RotationServices, type KeyRotationDeps } from './rotationServices';
import { type LocatedAccount } from './rotationUi';

/** Arguments other features pass to start a rotation. */
export interface RotationRequest {
  readonly accountId: string;
  /** The key the applications use, if known from evidence: preselected in step 1, which is still shown. */
  readonly inUse?: KeyKind;
  /** The key found leaked: marked in step 1, never assumed to be the one the applications use. */
  readonly leaked?: KeyKind;
}

export class KeyRotation implements AccountAnnotations, vscode.Disposable {
  private readonly services: RotationServices;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rotationFlow: RotationFlow;
  private readonly regenerateFlow: RegenerateKeyFlow;

  constructor(deps: KeyRotationDeps) {
    this.services = new RotationServices(deps);
    this.rotationFlow = new RotationFlow(this.services);
    this.regenerateFlow = new RegenerateKeyFlow(this.services);
    this.disposables.push(this.services, this.changed, deps.store.onDidChange(() => this.changed.fire()));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Settles when no regeneration is being watched. */
  whenIdle(): Promise<void> {
    return this.services.watcher.whenIdle();
  }

  get hasPendingWork(): boolean {
    return this.services.store.rotations().length > 0 || this.services.store.pendingRegenerations().length > 0;
  }

  // ---- what the accounts view shows ----

  annotationOf(accountId: string): AccountAnnotation | undefined {
    const rotation = this.services.store.rotation(accountId);
    if (rotation) {
      const view = describeRotation(rotation);
      return {
        status: view.status,
        rotating: true,
        tooltip: vscode.l10n.t('$(sync) **Key rotation in progress** — step {0}/{1}: {2}.', view.step, view.total, escapeMarkdown(view.title))
          + `\n\n${escapeMarkdown(view.detail)}\n\n`
          + vscode.l10n.t('Started {0}. Continue with **Resume Rotation**, or **Abandon Rotation…**.', rotation.startedAt.slice(0, 10)),
      };
    }
    const pending = this.services.store.pendingRegeneration(accountId);
    if (pending) {
      const info = keyKindInfo(pending.operation.keyKind);
      return {
        status: vscode.l10n.t('regenerating {0}', info.short),
        rotating: false,
        tooltip: vscode.l10n.t('$(sync) **Regenerating the {0}** since {1} UTC.', info.label, pending.operation.startedAt.replace('T', ' ').slice(0, 16)),
      };
    }
    return undefined;
  }

  // ---- commands ----

  /** "Regenerate Key…": one key, with a modal confirmation; from an account or finding row, or the palette. */
  async regenerateKey(arg?: unknown): Promise<void> {
    const account = await this.accountOf(arg, vscode.l10n.t('Regenerate Key'), vscode.l10n.t('The account whose key to regenerate'));
    if (!account || await this.blockedByRotation(account)) return;
    const named = keysNamedBy(account.postureFinding?.kind === 'finding' ? account.postureFinding.finding : undefined);
    await this.regenerateFlow.run({ account, ...(named[0] ? { preselect: named[0] } : {}) });
  }

  /** "Rotate Keys Safely…": the guided rotation; continues an unfinished one for the same account. */
  async rotateKeysSafely(arg?: unknown): Promise<void> {
    const request = isRotationRequest(arg) ? arg : undefined;
    const account = await this.accountOf(arg, vscode.l10n.t('Rotate Keys Safely'), vscode.l10n.t('The account whose keys to rotate'));
    if (!account) return;
    const existing = this.services.store.rotation(account.ref.accountId);
    if (existing) {
      await this.rotationFlow.continue(existing);
      return;
    }
    if (this.services.store.pendingRegeneration(account.ref.accountId) || this.services.watcher.isWatching(account.ref.accountId)) {
      await this.services.ui.warn(vscode.l10n.t('A key of {0} is being regenerated; start the rotation when it is done.', account.ref.accountName));
      return;
    }
    await this.rotationFlow.start({ account, ...(request?.inUse ? { preselect: request.inUse } : {}), ...(request?.leaked ? { leaked: request.leaked } : {}) });
  }

  /** "Resume Rotation": continues an unfinished rotation where it stopped (watching a running regeneration). */
  async resumeRotation(arg?: unknown): Promise<void> {
    const rotation = await this.rotationFromArg(arg, vscode.l10n.t('Resume Rotation'));
    if (!rotation) return;
    this.rotationFlow.stoppedByUser.delete(accountKey(rotation.accountId));
    await this.rotationFlow.continue(rotation);
  }

  /** "Abandon Rotation…": forgets an unfinished rotation (keys already regenerated stay so). */
  async abandonRotation(arg?: unknown): Promise<void> {
    const rotation = await this.rotationFromArg(arg, vscode.l10n.t('Abandon Rotation'));
    if (!rotation) return;
    const view = describeRotation(rotation);
    const running = rotation.operation
      ? ` ${vscode.l10n.t('The regeneration of the {0} goes on in Azure; Cosmos Guard stops watching it.', keyKindInfo(rotation.operation.keyKind).label)}` : '';
    const confirmed = await this.services.ui.confirm({
      message: vscode.l10n.t('Abandon the key rotation of {0}?', rotation.accountName),
      detail: vscode.l10n.t('It is at step {0}/{1}: {2}. Cosmos Guard forgets the plan; keys already regenerated stay regenerated.', view.step, view.total,
        view.title) + running,
      confirm: vscode.l10n.t('Abandon Rotation'),
    });
    if (!confirmed) return;
    // Forget first, then stop watching: the watch's end then finds no rotation to advance.
    await this.services.store.removeRotation(rotation.accountId);
    this.services.watcher.stop(rotation.accountId);
    this.services.logger.info(`Abandoned the key rotation of ${rotation.accountName} at step ${view.step}/${view.total} (${rotation.phase}).`);
    void this.services.ui.info(vscode.l10n.t('Abandoned the key rotation of {0}.', rotation.accountName));
  }

  /**
   * Resumes watching every stored regeneration (after a window reload). Called when the accounts view has loaded
   * and, if anything is stored, right after activation (never during it). Idempotent.
   */
  async resumePending(): Promise<void> {
    const work: Promise<void>[] = [];
    const { store, watcher } = this.services;
    for (const pending of store.pendingRegenerations()) {
      if (watcher.isWatching(pending.accountId)) continue;
      work.push(this.regenerateFlow.resume(pending, pending.operation));
    }
    for (const rotation of store.rotations()) {
      if (!rotation.operation || watcher.isWatching(rotation.accountId) || this.rotationFlow.stoppedByUser.has(accountKey(rotation.accountId))) continue;
      work.push(this.rotationFlow.continue(rotation, { interactive: false })
        .catch((error: unknown) => this.services.report(error, `resuming the key rotation of ${rotation.accountName}`)));
    }
    await Promise.all(work);
  }

  // ---- finding the account ----

  /** The account a command is about: the tree row it was run on, an `{ accountId }`, or one the user picks. */
  private async accountOf(arg: unknown, title: string, placeholder: string): Promise<LocatedAccount | undefined> {
    const node = asNode(arg);
    const accountId = node && (node.kind === 'account' || node.kind === 'finding') ? node.account.snapshot.id
      : isRotationRequest(arg) ? arg.accountId : await this.pickAccount(title, placeholder);
    return accountId ? this.locate(accountId, node?.kind === 'finding' ? node : undefined) : undefined;
  }

  private async locate(accountId: string, finding?: AccountsNode): Promise<LocatedAccount | undefined> {
    const model = this.services.deps.accounts.model;
    if (!model.account(accountId)) await this.services.deps.accounts.ensureLoaded();
    const found = model.account(accountId);
    if (!found) {
      await this.services.ui.warn(vscode.l10n.t('The account {0} is not in the Cosmos Guard view (refresh it, or check the subscription filter).',
        parseAccountId(accountId).accountName));
      return undefined;
    }
    return { account: found.account, ref: refOf(found.account.snapshot), ...(finding ? { postureFinding: finding } : {}) };
  }

  /** The account pick (grouped by subscription, with each account's worst finding and state); its id. */
  private async pickAccount(title: string, placeholder: string): Promise<string | undefined> {
    await this.services.deps.accounts.ensureLoaded();
    const picked = await this.services.ui.pick({
      title, placeholder,
      items: accountPickEntries(this.services.deps.accounts.model.subscriptions, this.services.clock(), (a) => a.snapshot.id,
        (a) => this.annotationOf(a.snapshot.id)?.status),
    });
    if (picked === undefined || picked === BACK) {
      if (this.services.deps.accounts.model.allAccounts().length === 0) {
        void this.services.ui.info(vscode.l10n.t('No Cosmos DB accounts to choose from: see the Cosmos Guard view.'));
      }
      return undefined;
    }
    return picked;
  }

  /**
   * An unfinished rotation or a running regeneration turns away a stand-alone regeneration of the account early
   * (the last look before sending checks again). Says so, offering to resume or abandon the rotation.
   */
  private async blockedByRotation(located: LocatedAccount): Promise<boolean> {
    const { ref } = located;
    const { ui, store, watcher } = this.services;
    const rotation = store.rotation(ref.accountId);
    if (rotation) {
      const view = describeRotation(rotation);
      const choice = await ui.warn(vscode.l10n.t('{0} has an unfinished key rotation (step {1}/{2}: {3}). Finish or abandon it before regenerating a key '
        + 'by hand.', ref.accountName, view.step, view.total, view.title), Action.resume, Action.abandon);
      if (choice === Action.resume) await this.rotationFlow.continue(rotation);
      if (choice === Action.abandon) await this.abandonRotation({ accountId: ref.accountId });
      return true;
    }
    if (store.pendingRegeneration(ref.accountId) || watcher.isWatching(ref.accountId)) {
      await ui.warn(vscode.l10n.t('A key of {0} is being regenerated already; Azure runs one regeneration per account at a time.', ref.accountName));
      return true;
    }
    return false;
  }

  private async rotationFromArg(arg: unknown, title: string): Promise<RotationState | undefined> {
    const node = asNode(arg);
    const accountId = node && (node.kind === 'account' || node.kind === 'finding') ? node.account.snapshot.id
      : isRotationRequest(arg) ? arg.accountId : undefined;
    const { ui, store } = this.services;
    if (accountId) {
      const rotation = store.rotation(accountId);
      if (!rotation) {
        const choice = await ui.info(vscode.l10n.t('{0} has no unfinished key rotation.', parseAccountId(accountId).accountName), Action.rotateSafely);
        if (choice === Action.rotateSafely) await this.rotateKeysSafely({ accountId } satisfies RotationRequest);
      }
      return rotation;
    }
    const rotations = store.rotations();
    if (rotations.length === 0) {
      await ui.info(vscode.l10n.t('There is no unfinished key rotation.'));
      return undefined;
    }
    const picked = await ui.pick({
      title, placeholder: vscode.l10n.t('An unfinished key rotation'),
      items: rotations.map((r) => ({ label: `$(database) ${r.accountName}`, description: describeRotation(r).status,
        detail: vscode.l10n.t('started {0} · {1}', r.startedAt.slice(0, 10), r.accountId), value: r })),
    });
    return picked === undefined || picked === BACK ? undefined : picked;
  }
}

function asNode(arg: unknown): AccountsNode | undefined {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' ? arg as AccountsNode : undefined;
}

export function isRotationRequest(arg: unknown): arg is RotationRequest {
  return typeof arg === 'object' && arg !== null && typeof (arg as { accountId?: unknown }).accountId === 'string'
    && (arg as { kind?: unknown }).kind === undefined;
}
