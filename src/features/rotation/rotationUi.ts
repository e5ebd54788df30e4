// What key rotation asks and says, as wizard steps and messages: the account, the key to regenerate (Regenerate
// Key…) or the key the applications use (step 1/6), "regenerate now or later" (2/6), the modal confirmations naming
// account, key and what breaks, the second confirmation when the partner key was regenerated recently, and why a
// regeneration was not sent. Only names, kinds, ages and times reach the screen — never a key.
import * as vscode from 'vscode';
import { describeKeyUsage, keyUsageOf, parseTimestamp, usedWithin, type AccountSnapshot, type KeysMetadata } from '../../core/posture';
import {
  CHOOSE_KEY_TITLE, describeRotation, keyKindInfo, ROTATION_STEP_COUNT, type AccountRef, type KeyKind, type RegenerationVerdict,
} from '../../core/rotation';
import { BACK, type FlowUi } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { type EvaluatedAccount } from '../accounts/accountsModel';
import { type AccountsNode } from '../accounts/accountsTreeProvider';
import { evidenceOfKeyInUse, KEY_IN_USE_WINDOW_DAYS, keyInUseEntries, keyPickEntries } from './rotationPicks';

/** The account a command is about, as the view shows it. */
export interface LocatedAccount {
  readonly account: EvaluatedAccount;
  readonly ref: AccountRef;
  /** The finding row the command was run on, if any. */
  readonly postureFinding?: AccountsNode;
}

/** The answers of "Regenerate Key…" and of the start of "Rotate Keys Safely…", gathered step by step. */
export interface KeyFlowContext {
  readonly account: LocatedAccount;
  /** Regenerate Key…: the key to regenerate. */
  keyKind?: KeyKind;
  /** Rotate Keys Safely…: the key the applications use (regenerated last). */
  inUse?: KeyKind;
  /** The key focused first in the key pick (named by a finding, or by evidence of use). */
  preselect?: KeyKind;
  /** The key found leaked in a file: marked in step 1, never assumed to be the one in use. */
  leaked?: KeyKind;
  /** The account's keysMetadata as shown when the user confirmed: checked again right before sending. */
  seen?: KeysMetadata;
  /** Step 6 of a stored rotation: when the user confirmed the applications moved (a later use of the old key is news). */
  switchedAt?: string;
}

/** The account as the view holds it now (refreshed by reads), or undefined when the view lost it. */
export type CurrentSnapshot = (accountId: string) => AccountSnapshot | undefined;

const DAY_MS = 86_400_000;

/**
 * A warning line for a confirmation: Azure reports the key used within the last 24 hours (or, with `since`, after
 * that moment) — evidence that something still connects with it. Undefined when usage is not reported or old.
 */
export function recentUseWarning(snapshot: AccountSnapshot, keyKind: KeyKind, now: number, since?: string): string | undefined {
  const usage = keyUsageOf(snapshot, now).find((u) => u.keyKind === keyKind);
  if (!usage || usage.state !== 'used') return undefined;
  const after = parseTimestamp(since);
  const recent = after !== undefined ? (parseTimestamp(usage.lastUsed) ?? 0) > after : usedWithin(usage, now, DAY_MS);
  if (!recent) return undefined;
  const label = keyKindInfo(keyKind).label;
  return after !== undefined
    ? vscode.l10n.t('Azure reports the {0} {1}, after you confirmed your applications moved: something still connects with it.', label,
      describeKeyUsage(usage.phrase))
    : vscode.l10n.t('Azure reports the {0} {1}: something still connects with it and fails once it is regenerated.', label,
      describeKeyUsage(usage.phrase));
}

/** The guided rotation's quick-input title. */
export function rotationTitle(accountName: string): string {
  return vscode.l10n.t('Rotate Keys Safely: {0}', accountName);
}

export function capitalise(text: string): string {
  return text.split(' ').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ').replace(/Read-only/, 'Read-Only');
}

/** Regenerate Key…: which of the four keys, each with its age and what breaks. */
export class KeyToRegenerateStep implements PromptStep<KeyFlowContext> {
  constructor(private readonly ui: () => FlowUi, private readonly clock: () => number) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: KeyFlowContext, view: StepView): Promise<PromptResult> {
    const { account, ref } = context.account;
    const keyKind = await this.ui().pick({
      ...viewOptions(view), title: vscode.l10n.t('Regenerate Key of {0}', ref.accountName),
      placeholder: vscode.l10n.t('The key to regenerate (to keep your applications working, use Rotate Keys Safely… instead)'),
      items: keyPickEntries(account, this.clock()),
      ...(context.preselect ? { active: context.preselect } : {}),
    });
    if (keyKind === undefined || keyKind === BACK) return keyKind;
    context.keyKind = keyKind;
    return 'answered';
  }

  undo(context: KeyFlowContext): void {
    context.keyKind = undefined;
  }
}

/** Regenerate Key…: the modal naming account and key, and what breaks. */
export class ConfirmRegenerationStep implements PromptStep<KeyFlowContext> {
  constructor(private readonly ui: () => FlowUi, private readonly current: CurrentSnapshot, private readonly clock: () => number) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: KeyFlowContext): Promise<PromptResult> {
    const { ref } = context.account;
    const info = keyKindInfo(context.keyKind!);
    const snapshot = this.current(ref.accountId) ?? context.account.account.snapshot;
    context.seen = snapshot.keysMetadata;
    const warning = recentUseWarning(snapshot, context.keyKind!, this.clock());
    const confirmed = await this.ui().confirm({
      message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, ref.accountName),
      detail: `${warning ? `⚠ ${warning}\n\n` : ''}${info.whatBreaks}\n\n${vscode.l10n.t('Azure takes from a minute to several hours. The new key is not shown: copy the new connection string when it is done.')}`
        + (info.pair === 'readWrite' ? ` ${vscode.l10n.t('To keep your applications working, switch them to the other key first (Rotate Keys Safely…).')}` : ''),
      confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
    });
    return confirmed ? 'answered' : undefined;
  }
}

/** Step 1/6: which key the applications use now (the other key of its pair is regenerated first). */
export class KeyInUseStep implements PromptStep<KeyFlowContext> {
  readonly stepNumber = 1;

  constructor(private readonly ui: () => FlowUi, private readonly clock: () => number) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: KeyFlowContext, view: StepView): Promise<PromptResult> {
    const { account } = context.account;
    const leaked = context.leaked;
    const now = this.clock();
    const evidence = evidenceOfKeyInUse(account, now);
    const active = context.preselect ?? evidence?.keyKind;
    const items = keyInUseEntries(account, now).map((item) => (leaked && 'value' in item && item.value === leaked
      ? { ...item, description: `${vscode.l10n.t('the leaked key')} · ${item.description ?? ''}` } : item));
    const notes = [
      evidence && !context.preselect
        ? vscode.l10n.t('Preselected from Azure\'s key-usage data: the {0} is the only one used in the last {1} days.', keyKindInfo(evidence.keyKind).label,
          KEY_IN_USE_WINDOW_DAYS) : '',
      leaked ? vscode.l10n.t('(Not necessarily the leaked one: pick the key your applications connect with.)') : '',
    ].filter(Boolean);
    const picked = await this.ui().pick({
      ...viewOptions(view),
      placeholder: [vscode.l10n.t(CHOOSE_KEY_TITLE), ...notes].join(' '),
      items, ...(active ? { active } : {}),
    });
    if (picked === undefined || picked === BACK) return picked;
    context.inUse = picked;
    return 'answered';
  }

  undo(context: KeyFlowContext): void {
    context.inUse = undefined;
  }
}

/** Step 2/6, first part: regenerate the other key now, or leave it (a stored rotation stays on its row). */
export class RegenerateNowStep implements PromptStep<KeyFlowContext> {
  readonly stepNumber = 2;

  constructor(private readonly ui: () => FlowUi, private readonly persisted: boolean) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: KeyFlowContext, view: StepView): Promise<PromptResult> {
    const inUse = keyKindInfo(context.inUse!);
    const other = keyKindInfo(inUse.partner);
    const go = await this.ui().pick({
      ...viewOptions(view),
      placeholder: vscode.l10n.t('Next: regenerate the {0} key; your apps keep using the {1} key', other.short, inUse.short),
      items: [
        { label: `$(key) ${vscode.l10n.t('Regenerate the {0} now', other.label)}`, description: vscode.l10n.t('asks for confirmation first'),
          detail: vscode.l10n.t('Then move your applications to it, and regenerate the {0} last.', inUse.label), value: 'go' as const },
        { label: `$(history) ${vscode.l10n.t('Not now')}`,
          description: this.persisted ? vscode.l10n.t('keep the rotation on the account row') : vscode.l10n.t('nothing is changed'), value: 'later' as const },
      ],
    });
    if (go === BACK) return BACK;
    return go === 'go' ? 'answered' : undefined;
  }
}

/** Steps 2/6 and 6/6: the modal before a regeneration of the guided rotation. */
export class ConfirmRotationStep implements PromptStep<KeyFlowContext> {
  constructor(private readonly ui: () => FlowUi, private readonly which: 'other' | 'old', private readonly current: CurrentSnapshot,
    private readonly clock: () => number) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: KeyFlowContext): Promise<PromptResult> {
    const { ref } = context.account;
    const inUse = keyKindInfo(context.inUse!);
    const other = keyKindInfo(inUse.partner);
    const info = this.which === 'other' ? other : inUse;
    const snapshot = this.current(ref.accountId) ?? context.account.account.snapshot;
    context.seen = snapshot.keysMetadata;
    // The evidence that matters here: the key about to be regenerated is still used — by something the user forgot
    // (step 2), or by something that did not move (step 6, after the switch was confirmed).
    const warning = recentUseWarning(snapshot, info.kind, this.clock(), this.which === 'old' ? context.switchedAt : undefined);
    const warn = warning ? `⚠ ${warning}\n\n` : '';
    const confirmed = await this.ui().confirm(this.which === 'other'
      ? {
        message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, ref.accountName),
        detail: warn + vscode.l10n.t('Step 2 of {0}. Your applications use the {1}, so they keep working. Anything that still uses the {2} fails with 401 '
          + 'Unauthorized until it is given the new key.', ROTATION_STEP_COUNT, inUse.label, info.label) + '\n\n'
          + vscode.l10n.t('Azure takes from a minute to several hours. The new key is not shown: Cosmos Guard then helps you give it to your '
          + 'applications (clipboard or Key Vault).'),
        confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
      }
      : {
        message: vscode.l10n.t('Regenerate the {0} of {1}?', info.label, ref.accountName),
        detail: `${warn}${vscode.l10n.t('Step {0} of {0}, the last one.', ROTATION_STEP_COUNT)} ${info.whatBreaks} `
          + vscode.l10n.t('Your applications should use the {0} now.', other.label),
        confirm: vscode.l10n.t('Regenerate {0} Key', capitalise(info.short)),
      });
    return confirmed ? 'answered' : undefined;
  }
}

/**
 * The second, explicit confirmation the pair rule asks for: the partner of the key was regenerated within the
 * cooldown, so regenerating this one now would leave any client that has not picked up the new partner without a
 * valid key.
 */
export async function confirmRecentPartner(ui: FlowUi, ref: AccountRef, keyKind: KeyKind,
  verdict: Extract<RegenerationVerdict, { why: 'recentPartner' }>): Promise<boolean> {
  const info = keyKindInfo(keyKind);
  const partner = keyKindInfo(verdict.partner);
  const ago = verdict.minutesAgo < 1 ? vscode.l10n.t('less than a minute ago') : vscode.l10n.t('{0} min ago', verdict.minutesAgo);
  return ui.confirm({
    message: vscode.l10n.t('The {0} of {1} was regenerated {2}. Regenerate its partner, the {3}, too?', partner.label, ref.accountName, ago, info.label),
    detail: vscode.l10n.t('Both keys of the pair would then change within {0} minutes. Every client that has not yet picked up the new {1} — a '
      + 'running app with a cached CosmosClient, an app setting or Key Vault reference not yet refreshed, a pipeline — would hold no valid key and '
      + 'fail with 401 Unauthorized. Go on only if you are sure every client uses the new {1} already.', verdict.cooldownMinutes, partner.label),
    confirm: vscode.l10n.t('Regenerate Both Keys of the Pair'),
  });
}

/** Why a regeneration confirmed by the user was not sent, in plain words (the verdict of the last look). */
export function blockedMessage(ref: AccountRef, keyKind: KeyKind, verdict: Exclude<RegenerationVerdict, { go: true } | { why: 'recentPartner' }>): string {
  const info = keyKindInfo(keyKind);
  const nothing = vscode.l10n.t('Nothing was sent.');
  switch (verdict.why) {
    case 'rotationUnfinished': {
      const view = describeRotation(verdict.rotation);
      return vscode.l10n.t('{0} has an unfinished key rotation (step {1}/{2}: {3}), perhaps started in another window. Finish or abandon it before '
        + 'regenerating a key by hand.', ref.accountName, view.step, view.total, view.title) + ` ${nothing}`;
    }
    case 'regenerationRunning':
      return (verdict.keyKind
        ? vscode.l10n.t('The {0} of {1} is being regenerated already, perhaps from another window.', keyKindInfo(verdict.keyKind).label, ref.accountName)
        : vscode.l10n.t('A key of {0} is being regenerated already.', ref.accountName))
        + ` ${vscode.l10n.t('Azure runs one regeneration per account at a time.')} ${nothing}`;
    case 'rotationMoved':
      return (verdict.stored
        ? vscode.l10n.t('The key rotation of {0} moved on in another window (now at step {1}/{2}: {3}).', ref.accountName,
          describeRotation(verdict.stored).step, describeRotation(verdict.stored).total, describeRotation(verdict.stored).title)
        : vscode.l10n.t('The key rotation of {0} was finished or abandoned in another window.', ref.accountName)) + ` ${nothing}`;
    case 'newerEntry':
      return vscode.l10n.t('A newer version of Cosmos Guard (in another window?) keeps an unfinished key operation for {0}, which this version cannot '
        + 'read; it leaves the account\'s keys alone. Update Cosmos Guard, or finish it there.', ref.accountName) + ` ${nothing}`;
    case 'keysChanged':
      return vscode.l10n.t('The {0} of {1} was regenerated after you confirmed ({2}), from another window, the portal or a pipeline. Look at the account '
        + 'again before regenerating the {3}.', keyKindInfo(verdict.changed).label, ref.accountName,
      verdict.generationTime ? `${verdict.generationTime.replace('T', ' ').slice(0, 16)} UTC` : vscode.l10n.t('time unknown'), info.label) + ` ${nothing}`;
  }
}
