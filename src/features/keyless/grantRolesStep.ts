// Step 2/4 of the switch: the account's data-plane role assignments, and adding one — for you (your object id from
// the sign-in token) or for a managed identity or service principal — with a role and a scope, confirmed in a modal
// naming the three, then created (long-running, with progress). An identical assignment is never created twice: the
// list says so before asking, and the Azure layer checks again right before it sends. Next skips ahead when
// assignments exist already.
import * as vscode from 'vscode';
import { signedInIdentity } from '../../azure/signedInIdentity';
import { BUILT_IN_ROLES, findIdenticalAssignment, fullScope, roleDefinitionId } from '../../core/keyless';
import { whyUnreadable } from '../../core/posture';
import { BACK, type Back, type PickEntry } from '../../platform/flow/flowUi';
import { runWizard, viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { scopeText } from '../accounts/dataAccessRows';
import {
  PrincipalInputStep, PrincipalPickStep, RoleStep, roleNameOfChoice, ScopeInputStep, ScopeStep, type AssignmentAnswers,
} from './assignmentPrompts';
import { type KeylessServices } from './keylessServices';
import { progressText } from './keylessText';
import { type SwitchContext } from './switchContext';

type Choice = 'next' | 'me' | 'other' | 'info';

export class GrantRolesStep implements PromptStep<SwitchContext> {
  readonly stepNumber = 2;

  constructor(private readonly services: KeylessServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: SwitchContext, view: StepView): Promise<PromptResult> {
    let active = 'next' as Choice;
    for (;;) {
      const roles = context.roles;
      const existing = roles?.status === 'read' ? roles.assignments : [];
      const added = new Set(context.granted.map((g) => g.name.toLowerCase()));
      const canSkip = existing.length > 0 || roles?.status !== 'read';
      const items: PickEntry<Choice>[] = [
        ...(canSkip ? [{ label: `$(arrow-right) ${vscode.l10n.t('Next: the code')}`, value: 'next' as const,
          description: roles?.status === 'read' ? vscode.l10n.t('{0} role assignments exist', existing.length) : vscode.l10n.t('role assignments unknown') }] : []),
        { separator: vscode.l10n.t('Data-plane role assignments of {0}', context.account.name) },
        ...(roles?.status === 'unreadable'
          ? [{ label: `$(error) ${vscode.l10n.t('Role assignments could not be read')}`, description: whyUnreadable(roles), value: 'info' as const }]
          : existing.length === 0 ? [{ label: `$(warning) ${vscode.l10n.t('None: with keys off, nobody could read data')}`, value: 'info' as const }]
            : existing.map((r) => ({ label: `$(person) ${r.principalId}`, value: 'info' as const,
              description: `${r.roleName} · ${scopeText(r)}${added.has(r.name.toLowerCase()) ? ` · ${vscode.l10n.t('added now')}` : ''}` }))),
        { separator: vscode.l10n.t('Add a role assignment') },
        { label: `$(add) ${vscode.l10n.t('For you (the signed-in user)…')}`, description: vscode.l10n.t('your object id, from your sign-in'), value: 'me' },
        { label: `$(add) ${vscode.l10n.t('For a managed identity or service principal…')}`, description: vscode.l10n.t('its object id'), value: 'other' },
      ];
      const picked: Choice | Back | undefined = await this.services.ui.pick<Choice>({ ...viewOptions(view), items, active: canSkip ? active : 'me',
        placeholder: canSkip ? vscode.l10n.t('Give each application\'s identity a data-plane role, or go on')
          : vscode.l10n.t('Nobody has a data-plane role yet: add one for each application\'s identity (and for you)') });
      if (picked === undefined || picked === BACK) return picked;
      if (picked === 'next') return 'answered';
      if (picked === 'info') continue;
      const outcome = await this.add(context, view, picked);
      if (outcome === 'stopped') return undefined;
      active = outcome === 'added' ? 'next' : picked;
    }
  }

  /** One assignment: the questions (with Back to the list), the duplicate check, the modal, the creation. */
  private async add(context: SwitchContext, view: StepView, who: 'me' | 'other'): Promise<'added' | 'back' | 'stopped'> {
    const ui = () => this.services.ui;
    const answers: AssignmentAnswers = { who, roles: context.roles };
    if (who === 'me') {
      const identity = await signedInIdentity(context.target.credential, context.target.cloud);
      const objectId = 'principal' in identity ? identity.principal.objectId : undefined;
      if (!objectId) {
        void ui().warn(vscode.l10n.t('Your object id is not known ({0}). Add the assignment for a principal and enter your object id instead.',
          'principal' in identity ? vscode.l10n.t('the sign-in token names no object id') : identity.unknownReason));
        return 'back';
      }
      answers.principalId = objectId.toLowerCase();
    }
    const result = await runWizard(answers, {
      title: () => view.title, totalSteps: 4, canGoBackFromFirst: true,
      prompts: [new PrincipalPickStep(ui), new PrincipalInputStep(ui), new RoleStep(ui), new ScopeStep(ui), new ScopeInputStep(ui)],
    });
    if (result !== 'done') return result === 'back' ? 'back' : 'stopped';
    return this.grant(context, answers);
  }

  private async grant(context: SwitchContext, a: AssignmentAnswers): Promise<'added' | 'back'> {
    const { account } = context;
    const role = a.role!;
    const roleId = 'builtIn' in role ? roleDefinitionId(account.id, BUILT_IN_ROLES[role.builtIn].id) : role.roleDefinitionId;
    const roleName = roleNameOfChoice(role);
    const scope = scopeText({ relativeScope: a.scope!, scope: a.scope! });
    const principal = a.who === 'me' ? vscode.l10n.t('you ({0})', a.principalId!) : a.principalId!;
    if (context.roles?.status === 'read') {
      const same = findIdenticalAssignment(context.roles.assignments, { principalId: a.principalId!, roleDefinitionId: roleId, scope: fullScope(account.id, a.scope!) });
      if (same) {
        void this.services.ui.info(vscode.l10n.t('{0} has the {1} role on {2} of {3} already: nothing to add.', principal, roleName, scope, account.name));
        return 'back';
      }
    }
    const confirmed = await this.services.ui.confirm({
      message: vscode.l10n.t('Give {0} the {1} role on {2} of {3}?', principal, roleName, scope, account.name),
      detail: vscode.l10n.t('{0} can then {1} with a Microsoft Entra ID token. This is a Cosmos DB data-plane role assignment (sqlRoleAssignments), '
        + 'not an Azure RBAC role assignment; it does not change key authentication.', principal,
      'builtIn' in role && role.builtIn === 'reader' ? vscode.l10n.t('read the data of {0}', scope) : vscode.l10n.t('use the data of {0} as the role allows', scope)),
      confirm: vscode.l10n.t('Add Role Assignment'),
    });
    if (!confirmed) return 'back';
    this.services.logger.info(`Switch to Microsoft Entra ID: granting ${roleName} on ${a.scope!} of ${account.name} to ${a.principalId!}, confirmed.`);
    let sent = false;
    try {
      const outcome = await this.services.ui.progress(vscode.l10n.t('Adding the {0} role for {1} on {2}…', roleName, a.principalId!, account.name), async (report, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          return await this.services.roles().grant(context.target, {
            principalId: a.principalId!, role: 'builtIn' in role ? role.builtIn : { roleDefinitionId: role.roleDefinitionId }, scope: a.scope!,
          }, { signal: controller.signal, onProgress: (step) => {
            if (step === 'sending') sent = true;
            report(progressText(step));
          } });
        } finally {
          subscription.dispose();
        }
      });
      context.granted.push(outcome.assignment);
      this.services.logger.info(`Switch to Microsoft Entra ID: ${outcome.outcome === 'created' ? 'created' : 'found existing'} role assignment ${outcome.assignment.name}.`);
      void this.services.ui.info(outcome.outcome === 'created'
        ? vscode.l10n.t('Added: {0} has the {1} role on {2} of {3}.', principal, roleName, scope, account.name)
        : vscode.l10n.t('{0} has the {1} role on {2} of {3} already (found right before sending): nothing was added.', principal, roleName, scope, account.name));
    } catch (error) {
      void this.services.reportFailure(error, vscode.l10n.t('The role assignment for {0} on {1} was not added', a.principalId!, account.name), sent);
      return 'back';
    } finally {
      await this.reload(context);
    }
    return 'added';
  }

  /** Reads the assignments again (after a grant, or a failed one), here and for the Data Access row. */
  private async reload(context: SwitchContext): Promise<void> {
    this.services.forgetRoles(context.account.id);
    try {
      context.roles = await this.services.roles().readRoles(context.target);
    } catch (error) {
      this.services.logger.warn(`Could not read the role assignments of ${context.account.name} again: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
