// Step 3/4 of the switch: the workspace's Cosmos DB clients that still connect with a key or connection string (the
// scanner rule cosmos-key-based-client), each a click away — picking one opens the file at the client, and the list
// comes back. Says when there are none, and when only open files were scanned (offering a workspace scan).
import * as vscode from 'vscode';
import { BACK, type Back, type PickEntry } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { keyBasedClientSites, type KeyBasedClientSite } from './keyBasedClientSites';
import { type KeylessServices } from './keylessServices';
import { type SwitchContext } from './switchContext';

type Choice = 'next' | 'scan' | 'info' | KeyBasedClientSite;

export class CodeStep implements PromptStep<SwitchContext> {
  readonly stepNumber = 3;

  constructor(private readonly services: KeylessServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(_context: SwitchContext, view: StepView): Promise<PromptResult> {
    const source = this.services.deps.clients;
    let active = 'next' as Choice;
    for (;;) {
      const sites = keyBasedClientSites(source.scans());
      const scanned = source.workspaceScanned;
      const items: PickEntry<Choice>[] = [
        { label: `$(arrow-right) ${vscode.l10n.t('Next: turn key authentication off')}`, description: vscode.l10n.t('asks for confirmation first'), value: 'next' },
        ...(scanned ? [] : [{ label: `$(search) ${vscode.l10n.t('Scan Workspace for Cosmos Secrets')}`,
          description: vscode.l10n.t('only open files were checked so far'), value: 'scan' as const }]),
        { separator: vscode.l10n.t('Cosmos DB clients that use a key') },
        ...(sites.length === 0
          ? [{ label: `$(pass) ${scanned ? vscode.l10n.t('None in this workspace') : vscode.l10n.t('None in the open files')}`,
            description: scanned ? vscode.l10n.t('no client constructed with a key or connection string') : vscode.l10n.t('the workspace has not been scanned'),
            value: 'info' as const }]
          : sites.map((site) => ({ label: `$(file-code) ${site.path}:${site.line}`, description: site.message, value: site }))),
      ];
      const last: Choice = active;
      const again: KeyBasedClientSite | undefined = typeof last === 'object' ? sites.find((s) => s.uri.toString() === last.uri.toString() && s.line === last.line && s.column === last.column) : undefined;
      const picked: Choice | Back | undefined = await this.services.ui.pick<Choice>({
        ...viewOptions(view), items, active: again ?? (typeof last === 'string' ? last : 'next'),
        placeholder: sites.length
          ? vscode.l10n.t('{0} clients still connect with a key: open each and use its quick fix "Use Microsoft Entra ID (DefaultAzureCredential)"', sites.length)
          : vscode.l10n.t('Clients that connect with a key fail once keys are off: move them to Microsoft Entra ID first'),
      });
      if (picked === undefined || picked === BACK) return picked;
      if (picked === 'next') return 'answered';
      if (picked === 'info') continue;
      if (picked === 'scan') {
        await source.scanWorkspace();
        active = 'next';
        continue;
      }
      await this.services.deps.open(picked.uri, picked.line, picked.column);
      active = picked;
    }
  }
}
