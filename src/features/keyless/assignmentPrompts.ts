// The questions of "add a role assignment" (step 2/4 of the switch): whose object id (the signed-in user's from the
// token, or a managed identity's or service principal's — entered, validated as a GUID, or picked from the account's
// existing assignments), which role (Built-in Data Reader, Data Contributor, or a custom role of the account), and
// which scope (the account, a database or a container — entered, or picked from the scopes assignments use).
import * as vscode from 'vscode';
import {
  BUILT_IN_ROLES, formatRelativeScope, isGuid, parseRelativeScope, type BuiltInRole, type RoleAssignmentsEvidence, type RoleDefinition,
} from '../../core/keyless';
import { BACK, type FlowUi, type PickEntry } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { scopeText } from '../accounts/dataAccessRows';

export type RoleChoice = { readonly builtIn: BuiltInRole } | { readonly roleDefinitionId: string; readonly roleName: string };

export interface AssignmentAnswers {
  readonly who: 'me' | 'other';
  readonly roles: RoleAssignmentsEvidence | undefined;
  /** The signed-in user's object id (who = me). */
  readonly myObjectId?: string;
  principalId?: string;
  role?: RoleChoice;
  /** How the scope was chosen; 'database' and 'container' are then entered by name. */
  scopeKind?: 'account' | 'database' | 'container' | 'picked';
  /** Relative to the account: "/", "/dbs/NAME", "/dbs/NAME/colls/NAME". */
  scope?: string;
}

export function roleNameOfChoice(role: RoleChoice): string {
  return 'builtIn' in role ? BUILT_IN_ROLES[role.builtIn].roleName : role.roleName;
}

const ENTER = '\u0000enter';

/** A managed identity or service principal: picked from the principals of existing assignments, or "enter an object id". */
export class PrincipalPickStep implements PromptStep<AssignmentAnswers> {
  readonly stepNumber = 2;
  constructor(private readonly ui: () => FlowUi) {}

  shouldPrompt(a: AssignmentAnswers): boolean {
    return a.who === 'other' && this.known(a).length > 0;
  }

  private known(a: AssignmentAnswers): string[] {
    if (a.roles?.status !== 'read') return [];
    return [...new Set(a.roles.assignments.map((r) => r.principalId.toLowerCase()))];
  }

  async prompt(a: AssignmentAnswers, view: StepView): Promise<PromptResult> {
    const items: PickEntry<string>[] = [
      { label: `$(edit) ${vscode.l10n.t('Enter an object id…')}`, description: vscode.l10n.t('of a managed identity or service principal'), value: ENTER },
      { separator: vscode.l10n.t('Principals with a role on this account') },
      ...this.known(a).map((id) => {
        const held = a.roles?.status === 'read' ? a.roles.assignments.filter((r) => r.principalId.toLowerCase() === id) : [];
        return { label: `$(person) ${id}`, description: held.map((r) => `${r.roleName} · ${scopeText(r)}`).join('; '), value: id };
      }),
    ];
    const picked = await this.ui().pick({ ...viewOptions(view), placeholder: vscode.l10n.t('Who gets the role: the object id of a managed identity or '
      + 'service principal (not its client id)'), items });
    if (picked === undefined || picked === BACK) return picked;
    if (picked !== ENTER) a.principalId = picked;
    return 'answered';
  }

  undo(a: AssignmentAnswers): void {
    if (a.who === 'other') a.principalId = undefined;
  }
}

export class PrincipalInputStep implements PromptStep<AssignmentAnswers> {
  readonly stepNumber = 2;
  constructor(private readonly ui: () => FlowUi) {}

  shouldPrompt(a: AssignmentAnswers): boolean {
    return a.who === 'other' && a.principalId === undefined;
  }

  async prompt(a: AssignmentAnswers, view: StepView): Promise<PromptResult> {
    const value = await this.ui().input({
      ...viewOptions(view),
      prompt: vscode.l10n.t('The object id (a GUID) of the managed identity or service principal — in Microsoft Entra ID, its Object ID, not its '
        + 'Application (client) ID'),
      placeholder: '00000000-0000-0000-0000-000000000000',
      validate: (text) => (isGuid(text.trim()) ? undefined : vscode.l10n.t('An object id is a GUID, such as 6c1e9f3a-2b4d-4c8e-9a1f-3d5b7c9e1a2f.')),
    });
    if (value === undefined || value === BACK) return value;
    a.principalId = value.trim().toLowerCase();
    return 'answered';
  }

  undo(a: AssignmentAnswers): void {
    if (a.who === 'other') a.principalId = undefined;
  }
}

export class RoleStep implements PromptStep<AssignmentAnswers> {
  readonly stepNumber = 2;
  constructor(private readonly ui: () => FlowUi) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(a: AssignmentAnswers, view: StepView): Promise<PromptResult> {
    const custom: RoleDefinition[] = a.roles?.status === 'read' ? a.roles.definitions.filter((d) => !d.builtIn) : [];
    const items: PickEntry<RoleChoice>[] = [
      { label: `$(eye) ${BUILT_IN_ROLES.reader.roleName}`, description: vscode.l10n.t('read data and metadata'), value: { builtIn: 'reader' } },
      { label: `$(edit) ${BUILT_IN_ROLES.contributor.roleName}`, description: vscode.l10n.t('read and write data (not databases and containers)'),
        value: { builtIn: 'contributor' } },
      ...(custom.length ? [{ separator: vscode.l10n.t('Custom roles of this account') }] : []),
      ...custom.map((d) => ({ label: `$(symbol-class) ${d.roleName}`, description: vscode.l10n.t('custom role'), value: { roleDefinitionId: d.id, roleName: d.roleName } })),
    ];
    const picked = await this.ui().pick({ ...viewOptions(view), placeholder: vscode.l10n.t('The data-plane role for {0}', a.principalId!), items });
    if (picked === undefined || picked === BACK) return picked;
    a.role = picked;
    return 'answered';
  }

  undo(a: AssignmentAnswers): void {
    a.role = undefined;
  }
}

export class ScopeStep implements PromptStep<AssignmentAnswers> {
  readonly stepNumber = 2;
  constructor(private readonly ui: () => FlowUi) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(a: AssignmentAnswers, view: StepView): Promise<PromptResult> {
    type Choice = { kind: 'account' | 'database' | 'container' } | { kind: 'picked'; scope: string };
    const used = a.roles?.status === 'read'
      ? [...new Set(a.roles.assignments.map((r) => r.relativeScope).filter((s): s is string => s !== undefined && s !== '/'))] : [];
    const items: PickEntry<Choice>[] = [
      { label: `$(database) ${vscode.l10n.t('The whole account')}`, description: vscode.l10n.t('every database and container'), value: { kind: 'account' } },
      { label: `$(edit) ${vscode.l10n.t('A database…')}`, description: vscode.l10n.t('enter its name'), value: { kind: 'database' } },
      { label: `$(edit) ${vscode.l10n.t('A container…')}`, description: vscode.l10n.t('enter database/container'), value: { kind: 'container' } },
      ...(used.length ? [{ separator: vscode.l10n.t('Scopes other assignments use') }] : []),
      ...used.map((scope) => ({ label: `$(symbol-folder) ${scopeText({ relativeScope: scope, scope })}`, value: { kind: 'picked' as const, scope } })),
    ];
    const picked = await this.ui().pick({ ...viewOptions(view), placeholder: vscode.l10n.t('Where the {0} role applies', roleNameOfChoice(a.role!)), items });
    if (picked === undefined || picked === BACK) return picked;
    a.scopeKind = picked.kind;
    if (picked.kind === 'picked') a.scope = picked.scope;
    else if (picked.kind === 'account') a.scope = '/';
    return 'answered';
  }

  undo(a: AssignmentAnswers): void {
    a.scopeKind = undefined;
    a.scope = undefined;
  }
}

export class ScopeInputStep implements PromptStep<AssignmentAnswers> {
  readonly stepNumber = 2;
  constructor(private readonly ui: () => FlowUi) {}

  shouldPrompt(a: AssignmentAnswers): boolean {
    return a.scopeKind === 'database' || a.scopeKind === 'container';
  }

  async prompt(a: AssignmentAnswers, view: StepView): Promise<PromptResult> {
    const container = a.scopeKind === 'container';
    const toScope = (text: string): string => {
      const [database, name, ...rest] = text.trim().split('/');
      if (rest.length || !database || (container && !name) || (!container && name !== undefined)) throw new Error('shape');
      return formatRelativeScope(parseRelativeScope(container ? `/dbs/${database}/colls/${name!}` : `/dbs/${database}`));
    };
    const value = await this.ui().input({
      ...viewOptions(view),
      prompt: container ? vscode.l10n.t('The container, as database/container (for example orders/items)') : vscode.l10n.t('The database name (for example orders)'),
      validate: (text) => {
        try {
          toScope(text);
          return undefined;
        } catch {
          return container ? vscode.l10n.t('Enter database/container, two names without spaces or slashes of their own.')
            : vscode.l10n.t('Enter a database name, without spaces or slashes.');
        }
      },
    });
    if (value === undefined || value === BACK) return value;
    a.scope = toScope(value);
    return 'answered';
  }

  undo(a: AssignmentAnswers): void {
    a.scope = undefined;
  }
}
