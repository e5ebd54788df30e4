// "Regenerate Key…": one key, outside a guided rotation — the account, the key (each with its age and what
// breaks), a modal naming both, then the regeneration, sent after the last look (regenerationSender.ts), followed
// in a progress notification, stored while it runs so a reload resumes it, and reported when it ends.
import * as vscode from 'vscode';
import { type AccountTarget } from '../../azure/keyOperations';
import { keyKindInfo, type AccountRef, type KeyKind, type PendingOperation } from '../../core/rotation';
import { runWizard } from '../../platform/flow/wizard';
import { copyConnectionString } from './keyHandout';
import { formatElapsed, type WatchOutcome } from './regenerationWatcher';
import { sendRegeneration } from './regenerationSender';
import { Action, type RotationServices } from './rotationServices';
import { ConfirmRegenerationStep, KeyToRegenerateStep, type KeyFlowContext } from './rotationUi';

export class RegenerateKeyFlow {
  constructor(private readonly services: RotationServices) {}

  async run(context: KeyFlowContext): Promise<void> {
    const current = (id: string) => this.services.snapshot(id);
    await runWizard(context, {
      title: () => vscode.l10n.t('Regenerate Key'),
      prompts: [new KeyToRegenerateStep(() => this.services.ui, this.services.clock),
        new ConfirmRegenerationStep(() => this.services.ui, current, this.services.clock)],
      executes: [{ priority: 100, execute: async (c) => {
        await this.regenerate(c.account.ref, c.keyKind!, c.seen!);
        return 'next';
      } }],
    });
  }

  private async regenerate(ref: AccountRef, keyKind: KeyKind, seen: NonNullable<KeyFlowContext['seen']>): Promise<void> {
    this.services.logger.info(`Regenerate Key: the ${keyKindInfo(keyKind).label} of ${ref.accountName} (${ref.accountId}), confirmed.`);
    const sent = await sendRegeneration(this.services, {
      ref, keyKind, seen, context: { kind: 'standalone' },
      onAccepted: async (handle, startedAt) => {
        await this.services.store.savePendingRegeneration({ version: 1, ...ref, operation: { keyKind, startedAt, pollerState: handle.pollerState } });
      },
    });
    if (sent.sent) await this.finish(ref, keyKind, sent.target, sent.outcome);
  }

  /** Resumes a stand-alone regeneration after a reload. */
  async resume(ref: AccountRef, operation: PendingOperation): Promise<void> {
    try {
      const target = await this.services.target(ref);
      let outcome: WatchOutcome;
      try {
        const handle = this.services.deps.operations().resumeRegeneration(target, operation.keyKind, operation.pollerState);
        outcome = await this.services.watcher.watch({ accountId: ref.accountId, accountName: ref.accountName, keyKind: operation.keyKind,
          operation: { handle, startedAt: operation.startedAt } });
      } catch (error) {
        this.services.logger.warn(`Could not resume a stored regeneration of ${ref.accountName}: ${error instanceof Error ? error.message : String(error)}`);
        outcome = { status: 'lost', failure: { kind: 'other', code: 'UntrustedState', message: 'The stored operation could not be resumed.' } };
      }
      await this.finish(ref, operation.keyKind, target, outcome);
    } catch (error) {
      this.services.report(error, `resuming the regeneration of the ${keyKindInfo(operation.keyKind).label} of ${ref.accountName}`);
    }
  }

  private async finish(ref: AccountRef, keyKind: KeyKind, target: AccountTarget, outcome: WatchOutcome): Promise<void> {
    const { ui, store } = this.services;
    const info = keyKindInfo(keyKind);
    switch (outcome.status) {
      case 'refused':
        await this.services.reportFailure(outcome.failure, vscode.l10n.t('Azure did not regenerate the {0} of {1}', info.label, ref.accountName));
        return;
      case 'disposed': // stays stored: the next window resumes it
      case 'busy':
        return;
      case 'unfollowed':
        // Azure may still be regenerating: it stays stored, and the next load of the view follows it again.
        await this.services.reportFailure(outcome.failure, vscode.l10n.t('Cosmos Guard lost track of the regeneration of the {0} of {1}; it may go on in '
          + 'Azure, and Cosmos Guard follows it again when the accounts view next loads', info.label, ref.accountName));
        return;
      default:
        break;
    }
    const pending = store.pendingRegeneration(ref.accountId);
    await store.removePendingRegeneration(ref.accountId);
    switch (outcome.status) {
      case 'stopped':
        void ui.info(vscode.l10n.t('Stopped watching the regeneration of the {0} of {1}; it goes on in Azure. Refresh Accounts shows the key\'s new '
          + 'age when it is done.', info.label, ref.accountName));
        return;
      case 'failed':
        await this.services.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} failed', info.label, ref.accountName));
        return;
      case 'lost':
        if (!pending || !await this.services.regeneratedSince(target, keyKind, pending.operation)) {
          await this.services.reportFailure(outcome.failure, vscode.l10n.t('The regeneration of the {0} of {1} cannot be followed', info.label, ref.accountName));
          return;
        }
        break;
      default:
        await this.services.refreshAccount(target);
    }
    const took = outcome.status === 'succeeded' ? formatElapsed(outcome.durationMs) : undefined;
    this.services.logger.info(`Regenerate Key: the ${info.label} of ${ref.accountName} is new${took ? ` (${took})` : ''}.`);
    const choice = await ui.info((took ? vscode.l10n.t('Regenerated the {0} of {1} in {2}.', info.label, ref.accountName, took)
      : vscode.l10n.t('Regenerated the {0} of {1}.', info.label, ref.accountName)) + ' '
      + vscode.l10n.t('Every client that used the old key needs the new one.'), Action.copyConnectionString);
    if (choice === Action.copyConnectionString) await copyConnectionString(this.services, target, keyKind);
  }
}
