import * as vscode from 'vscode';
import { type PostureSeverity } from '../../core/posture';

/** The URI scheme of account rows: their `resourceUri` carries the worst severity for the decoration provider. */
export const ACCOUNT_URI_SCHEME = 'cosmos-guard-account';

/** `cosmos-guard-account:/<subscription>/<resource group>/<name>?worst=high`: stable per account and severity. */
export function accountUri(account: { readonly subscriptionId: string; readonly resourceGroup: string; readonly name: string },
  worst: PostureSeverity | undefined): vscode.Uri {
  return vscode.Uri.from({
    scheme: ACCOUNT_URI_SCHEME,
    path: `/${account.subscriptionId}/${account.resourceGroup}/${account.name}`.toLowerCase(),
    query: worst ? `worst=${worst}` : '',
  });
}

const COLOURS: Partial<Record<PostureSeverity, string>> = { high: 'list.errorForeground', medium: 'list.warningForeground' };

/**
 * Colours account labels by their worst finding (high: error colour, medium: warning colour; low and info stay
 * plain), keeping the `$(database)` icon as it is. Stateless: the severity travels in the row's URI.
 */
export class AccountDecorationProvider implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== ACCOUNT_URI_SCHEME) return undefined;
    const worst = new URLSearchParams(uri.query).get('worst') as PostureSeverity | null;
    const colour = worst ? COLOURS[worst] : undefined;
    if (!colour) return undefined;
    return new vscode.FileDecoration(undefined, worst === 'high'
      ? vscode.l10n.t('High-severity findings') : vscode.l10n.t('Medium-severity findings'), new vscode.ThemeColor(colour));
  }
}
