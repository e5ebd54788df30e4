// "Switch to Microsoft Entra ID…" and "Turn Key Authentication Back On…": which account, whether the command applies
// to it (NoSQL only; keys on or off), then the four-step flow (evidence, roles, code, keys off) or the modal before
// turning keys back on. Accounts of the other APIs get an explanation instead.
import * as vscode from 'vscode';
import { keylessSupport } from '../../core/keyless';
import { runWizard } from '../../platform/flow/wizard';
import { otherApiExplanation } from '../accounts/dataAccessRows';
import { CodeStep } from './codeStep';
import { EvidenceStep } from './evidenceStep';
import { GrantRolesStep } from './grantRolesStep';
import { KeylessAccountPick, keysOff } from './keylessAccountPick';
import { type KeylessServices } from './keylessServices';
import { keysOnConsequenceText } from './keylessText';
import { KeysOffStep } from './keysOffStep';
import { changeLocalAuth } from './localAuthChange';
import { SWITCH_STEP_COUNT, type SwitchContext } from './switchContext';

export class KeylessCommands {
  private readonly accounts: KeylessAccountPick;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly services: KeylessServices) {
    this.accounts = new KeylessAccountPick(services);
  }

  /** Settles when no keyless command is running (for tests). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  switchToEntraId(arg?: unknown): Promise<void> {
    return this.track(this.runSwitch(arg));
  }

  enableKeyAuthentication(arg?: unknown): Promise<void> {
    return this.track(this.runEnable(arg));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => undefined);
    return work;
  }

  private async runSwitch(arg: unknown): Promise<void> {
    const account = await this.accounts.accountOf(arg, 'switch');
    if (!account) return;
    const { ui } = this.services;
    const support = keylessSupport(account.snapshot);
    if (!support.supported) {
      await ui.info(otherApiExplanation(support));
      return;
    }
    if (keysOff(account)) {
      await ui.info(vscode.l10n.t('Key authentication is off for {0} already: it accepts Microsoft Entra ID tokens only.', account.snapshot.name));
      return;
    }
    const context: SwitchContext = { account: account.snapshot, target: await this.services.target(account.snapshot), granted: [] };
    const services = this.services;
    await runWizard(context, {
      title: (c) => vscode.l10n.t('Switch to Microsoft Entra ID: {0}', c.account.name),
      totalSteps: SWITCH_STEP_COUNT,
      prompts: [new EvidenceStep(services), new GrantRolesStep(services), new CodeStep(services), new KeysOffStep(services)],
      executes: [{ priority: 100, execute: async (c) => ((await changeLocalAuth(services, c.target, true)) ? 'next' : 'stop') }],
    });
  }

  private async runEnable(arg: unknown): Promise<void> {
    const account = await this.accounts.accountOf(arg, 'enable');
    if (!account) return;
    const { ui } = this.services;
    const name = account.snapshot.name;
    const support = keylessSupport(account.snapshot);
    if (!support.supported) {
      await ui.info(otherApiExplanation(support));
      return;
    }
    if (!keysOff(account)) {
      await ui.info(vscode.l10n.t('Key authentication is on for {0} already.', name));
      return;
    }
    const confirmed = await ui.confirm({
      message: vscode.l10n.t('Turn key authentication back on for {0}?', name),
      detail: `${keysOnConsequenceText(name)}\n\n${vscode.l10n.t('Azure checks the account again right before the change.')}`,
      confirm: vscode.l10n.t('Turn Keys On'),
    });
    if (!confirmed) {
      this.services.logger.info(`Turning key authentication back on for ${name} was cancelled at the confirmation; nothing sent.`);
      return;
    }
    await changeLocalAuth(this.services, await this.services.target(account.snapshot), false);
  }
}
