// Which account a keyless command is about: the tree row it was run on (account, finding or Data Access row), an
// `{ accountId }` from another feature or a test, or one the user picks from the palette. The picker marks what each
// account allows: the switch for NoSQL accounts that accept keys, turning keys back on for those that do not.
import * as vscode from 'vscode';
import { keylessSupport } from '../../core/keyless';
import { parseAccountId } from '../../core/posture';
import { BACK } from '../../platform/flow/flowUi';
import { type EvaluatedAccount } from '../accounts/accountsModel';
import { type AccountsNode } from '../accounts/accountsTreeProvider';
import { accountPickEntries } from '../rotation/rotationPicks';
import { type KeylessServices } from './keylessServices';

export type KeylessPurpose = 'switch' | 'enable';

function asNode(arg: unknown): AccountsNode | undefined {
  return typeof arg === 'object' && arg !== null && typeof (arg as { kind?: unknown }).kind === 'string' ? arg as AccountsNode : undefined;
}

function accountIdOf(arg: unknown): string | undefined {
  const node = asNode(arg);
  if (node && (node.kind === 'account' || node.kind === 'finding' || node.kind === 'dataAccess')) return node.account.snapshot.id;
  if (node) return undefined;
  const id = typeof arg === 'object' && arg !== null ? (arg as { accountId?: unknown }).accountId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Key authentication is off: a NoSQL account with `disableLocalAuth`. */
export function keysOff(account: EvaluatedAccount): boolean {
  return keylessSupport(account.snapshot).supported && account.snapshot.disableLocalAuth === true;
}

/** What the picker says about an account for this purpose (undefined: nothing to add). */
function note(account: EvaluatedAccount): string | undefined {
  const support = keylessSupport(account.snapshot);
  if (!support.supported) return vscode.l10n.t('{0}: keys cannot be turned off', support.apiLabel);
  return account.snapshot.disableLocalAuth === true ? vscode.l10n.t('key authentication off') : undefined;
}

export class KeylessAccountPick {
  constructor(private readonly services: KeylessServices) {}

  /** The account, as the view holds it; undefined when none was chosen (the user was told why when it matters). */
  async accountOf(arg: unknown, purpose: KeylessPurpose): Promise<EvaluatedAccount | undefined> {
    const id = accountIdOf(arg) ?? await this.pick(purpose);
    if (!id) return undefined;
    const accounts = this.services.deps.accounts;
    if (!accounts.model.account(id)) await accounts.ensureLoaded();
    const found = accounts.model.account(id);
    if (!found) {
      await this.services.ui.warn(vscode.l10n.t('The account {0} is not in the Cosmos Guard view (refresh it, or check the subscription filter).',
        parseAccountId(id).accountName));
      return undefined;
    }
    return found.account;
  }

  private async pick(purpose: KeylessPurpose): Promise<string | undefined> {
    const accounts = this.services.deps.accounts;
    await accounts.ensureLoaded();
    const wanted = (a: EvaluatedAccount) => (purpose === 'enable' ? keysOff(a) : !keysOff(a));
    const items = accountPickEntries(accounts.model.subscriptions, this.services.clock(), (a) => (wanted(a) ? a.snapshot.id : undefined), note);
    if (items.length === 0) {
      await this.services.ui.info(purpose === 'enable'
        ? vscode.l10n.t('No account in the Cosmos Guard view has key authentication turned off.')
        : vscode.l10n.t('No Cosmos DB accounts to choose from: see the Cosmos Guard view.'));
      return undefined;
    }
    const picked = await this.services.ui.pick({
      title: purpose === 'enable' ? vscode.l10n.t('Turn Key Authentication Back On') : vscode.l10n.t('Switch to Microsoft Entra ID'),
      placeholder: purpose === 'enable' ? vscode.l10n.t('The account whose keys should work again')
        : vscode.l10n.t('The account to move off keys (NoSQL accounts only)'),
      items,
    });
    return picked === undefined || picked === BACK ? undefined : picked;
  }
}
