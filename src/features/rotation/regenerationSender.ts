// The one place a key regeneration is sent from, for Regenerate Key… and every step of the guided rotation. The
// questions before it can stay open for minutes, and another window, the portal or a pipeline may act meanwhile,
// so right before sending it reads the account's keysMetadata and the stored rotations again and lets the core
// decide (checkRegeneration): a changed key, a rotation that moved on, a regeneration already running stop it with
// the reason; a partner key regenerated within the cooldown needs a second, explicit confirmation — after which
// everything is read and checked once more, since that modal can stay open for minutes too.
import * as vscode from 'vscode';
import { KeyOperationError, type AccountTarget, type RegenerationHandle } from '../../azure/keyOperations';
import { type AccountSnapshot, type KeysMetadata } from '../../core/posture';
import { checkRegeneration, keyKindInfo, type AccountRef, type KeyKind, type RegenerationIntent } from '../../core/rotation';
import { type WatchOutcome } from './regenerationWatcher';
import { type RotationServices } from './rotationServices';
import { blockedMessage, confirmRecentPartner } from './rotationUi';

export interface SendRequest {
  readonly ref: AccountRef;
  readonly keyKind: KeyKind;
  /** The account's keysMetadata as shown when the user confirmed. */
  readonly seen: KeysMetadata;
  readonly context: RegenerationIntent['context'];
  /** Stores the operation Azure accepted, before it is followed (so a reload resumes it). */
  readonly onAccepted: (handle: RegenerationHandle, startedAt: string) => Promise<void>;
}

export type SendOutcome =
  /** Not sent: the user declined the second confirmation, or the last look stopped it (the user was told why). */
  | { readonly sent: false }
  /** Sent (or refused by Azure, see `outcome`), and followed to `outcome`. */
  | { readonly sent: true; readonly target: AccountTarget; readonly outcome: WatchOutcome };

/** More changes than this while the user answers, and Cosmos Guard stops and lets them look again. */
const MAX_LOOKS = 3;

export async function sendRegeneration(services: RotationServices, request: SendRequest): Promise<SendOutcome> {
  const { ref, keyKind } = request;
  const info = keyKindInfo(keyKind);
  const target = await services.target(ref);
  let acceptedPartnerGeneration: string | undefined;
  for (let look = 0; look < MAX_LOOKS; look++) {
    const fresh = await readAgain(services, target, ref, keyKind);
    if (!fresh) return { sent: false };
    const stored = services.store.entries(ref.accountId);
    const verdict = checkRegeneration({ keyKind, seen: request.seen, context: request.context }, {
      keysMetadata: fresh.keysMetadata,
      ...(stored.rotation ? { storedRotation: stored.rotation } : {}),
      ...(stored.pending ? { storedPending: stored.pending } : {}),
      watching: services.watcher.isWatching(ref.accountId),
      now: services.clock(),
      pairCooldownMinutes: services.deps.settings().pairCooldownMinutes,
      ...(acceptedPartnerGeneration ? { acceptedPartnerGeneration } : {}),
    });
    if (verdict.go) {
      services.logger.info(`Sending the regeneration of the ${info.label} of ${ref.accountName}: checked again just before (keys, stored rotations).`);
      const outcome = await services.watcher.watch({
        accountId: ref.accountId, accountName: ref.accountName, keyKind,
        operation: { start: () => services.deps.operations().startRegeneration(target, keyKind), onAccepted: request.onAccepted },
      });
      if (outcome.status === 'busy') {
        void services.ui.warn(blockedMessage(ref, keyKind, { go: false, why: 'regenerationRunning' }));
        return { sent: false };
      }
      return { sent: true, target, outcome };
    }
    if (verdict.why === 'recentPartner') {
      services.logger.info(`The ${keyKindInfo(verdict.partner).label} of ${ref.accountName} was regenerated ${verdict.minutesAgo} min ago: `
        + 'asking for a second confirmation.');
      if (!await confirmRecentPartner(services.ui, ref, keyKind, verdict)) {
        services.logger.info(`Not regenerating the ${info.label} of ${ref.accountName}: its partner was regenerated recently (declined).`);
        return { sent: false };
      }
      acceptedPartnerGeneration = verdict.partnerGeneratedAt;
      continue;
    }
    const message = blockedMessage(ref, keyKind, verdict);
    services.logger.warn(`Did not regenerate the ${info.label} of ${ref.accountName}: ${verdict.why}.`);
    void services.ui.warn(message);
    return { sent: false };
  }
  void services.ui.warn(vscode.l10n.t('The keys of {0} kept changing while you confirmed; nothing was sent. Look at the account again.', ref.accountName));
  return { sent: false };
}

/** The account as it is now (the view follows); undefined when it cannot be read — then nothing is sent. */
async function readAgain(services: RotationServices, target: AccountTarget, ref: AccountRef, keyKind: KeyKind): Promise<AccountSnapshot | undefined> {
  try {
    const snapshot = await services.deps.operations().readAccount(target);
    services.deps.accounts.model.updateAccount(snapshot);
    return snapshot;
  } catch (error) {
    if (!(error instanceof KeyOperationError)) throw error;
    await services.reportFailure(error.failure, vscode.l10n.t('Nothing was sent: Cosmos Guard could not read {0} again right before regenerating its {1}',
      ref.accountName, keyKindInfo(keyKind).label));
    return undefined;
  }
}
