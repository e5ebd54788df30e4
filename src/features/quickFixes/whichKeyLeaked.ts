// "Check Which Account Uses This Key…", a code action on a leaked key or connection string: with the user's
// consent, reads the keys of the accounts the key may belong to — those answering on the finding's host, or those
// the user picks — and says which key of which account it is, if any, offering the guided rotation. The secret and
// the keys are compared in memory (hashed, constant time) and dropped.
import * as vscode from 'vscode';
import { type KeyOperations } from '../../azure/keyOperations';
import { checkLeakedKeys } from '../../azure/leakedKeyCheck';
import { extractSecret, type Finding } from '../../core/detection';
import { accountsForHost, keyKindInfo, type KeyKind } from '../../core/rotation';
import { type FlowUi } from '../../platform/flow/flowUi';
import { type Logger } from '../../platform/logger';
import { accountPickEntries } from '../rotation/rotationPicks';
import { refOf, resolveTarget, type RotationAccounts } from '../rotation/rotationServices';

/** Finds a leak finding again in its document (quick-fix arguments: the file and the finding's stable target). */
export type FindingResolver = (uri: unknown, target: unknown) => Promise<{ readonly document: vscode.TextDocument; readonly finding: Finding } | undefined>;

export interface WhichKeyLeakedDeps {
  readonly accounts: RotationAccounts;
  readonly operations: () => KeyOperations;
  readonly ui: () => FlowUi;
  readonly findings: FindingResolver;
  readonly logger: Logger;
  /** Starts the guided rotation of the account, with the leaked key marked (never assumed to be the one in use). */
  readonly rotate: (request: { readonly accountId: string; readonly leaked: KeyKind }) => Promise<void>;
  readonly clock?: () => number;
}

export class WhichKeyLeaked {
  constructor(private readonly deps: WhichKeyLeakedDeps) {}

  async check(uriArg: unknown, targetArg: unknown): Promise<void> {
    const ui = this.deps.ui();
    const resolved = await this.deps.findings(uriArg, targetArg);
    if (!resolved) return;
    const { finding } = resolved;
    if (finding.kind === 'mongo-vcore-password') {
      await ui.info(vscode.l10n.t('This is a MongoDB vCore password, not a Cosmos DB account key: change it on the cluster.'));
      return;
    }
    await this.deps.accounts.ensureLoaded();
    const all = this.deps.accounts.model.allAccounts();
    if (all.length === 0) {
      await ui.info(vscode.l10n.t('There are no Cosmos DB accounts to compare this key with: sign in, or check the Cosmos Guard view and its subscription filter.'));
      return;
    }
    let candidates = finding.host ? accountsForHost(finding.host, all.map((a) => a.snapshot)) : [];
    if (finding.host && candidates.length) {
      const names = candidates.map((a) => a.name).join(', ');
      const consent = await ui.confirm({
        message: vscode.l10n.t('Check whether this key belongs to {0}?', names),
        detail: (candidates.length === 1 ? vscode.l10n.t('Its endpoint {0} belongs to this account.', finding.host)
          : vscode.l10n.t('Its endpoint {0} belongs to these accounts.', finding.host)) + ' '
          + vscode.l10n.t('Cosmos Guard reads the current keys (listKeys) of only these, compares them with this one in memory (hashed, constant-time), and keeps nothing. No key is shown.'),
        confirm: vscode.l10n.t('Check'),
      });
      if (!consent) return;
    } else {
      const why = finding.host ? vscode.l10n.t('No account you can see answers on {0}.', finding.host) : vscode.l10n.t('This key has no endpoint next to it.');
      const picked = await ui.pickMany({
        title: vscode.l10n.t('Check Which Account Uses This Key'),
        placeholder: `${why} ${vscode.l10n.t('Pick the accounts it may belong to: Cosmos Guard reads their keys (listKeys), compares in memory and keeps nothing.')}`,
        items: accountPickEntries(this.deps.accounts.model.subscriptions, (this.deps.clock ?? Date.now)(), (a) => a.snapshot),
      });
      if (!picked?.length) return;
      candidates = picked;
    }
    const secret = extractSecret(resolved.document.getText(), finding);
    if (!secret) {
      await ui.warn(vscode.l10n.t('Cosmos Guard could not read this key back from the file; nothing was checked.'));
      return;
    }
    const targets = await Promise.all(candidates.map(async (a) => ({ ...(await resolveTarget(this.deps.accounts, refOf(a))), accountId: a.id })));
    this.deps.logger.info(`Check Which Account: comparing a key (…${finding.hint}) with the keys of ${candidates.map((a) => a.name).join(', ')}.`);
    const [outcome] = await ui.progress(vscode.l10n.t('Checking which account uses this key'), (report, token) => {
      report(candidates.length === 1 ? vscode.l10n.t('Reading the keys of {0}…', candidates[0]!.name)
        : vscode.l10n.t('Reading the keys of {0} accounts…', candidates.length));
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return checkLeakedKeys([{ secret, accounts: targets }], this.deps.operations(), { signal: controller.signal });
    });
    const result = outcome!;
    const notes = [
      ...result.readOnlyOnly.map((n) => vscode.l10n.t('Only the read-only keys of {0} could be compared (no listKeys permission).', n)),
      ...result.failures.map((f) => f.failure.message),
    ];
    for (const f of result.failures) this.deps.logger.warn(`Check Which Account: ${f.failure.message}`);
    if (result.match) {
      const info = keyKindInfo(result.match.keyKind);
      this.deps.logger.info(`Check Which Account: the key is the ${info.label} of ${result.match.accountName}.`);
      const rotate = vscode.l10n.t('Rotate This Key Safely…');
      const choice = await ui.warn(vscode.l10n.t('This is the {0} of account {1}. Anyone who can read this file can use it: move it out of the file and rotate it.',
        info.label, result.match.accountName), rotate);
      if (choice === rotate) await this.deps.rotate({ accountId: result.match.accountId, leaked: result.match.keyKind });
      return;
    }
    this.deps.logger.info(`Check Which Account: not a current key of ${result.checked.join(', ') || 'any account checked'}.`);
    await ui.info([vscode.l10n.t('Not a current key of any account you can see (already rotated or not yours).'), ...notes].join(' '));
  }
}
