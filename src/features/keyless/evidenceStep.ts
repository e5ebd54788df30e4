// Step 1/4 of the switch: the evidence that keys are still in use — each key's last use (Azure's key-usage data), who
// listed the keys (the Activity Log), and where DataPlaneRequests reach a Log Analytics workspace, the
// key-authenticated requests of the last 7 days by client IP and user agent. Each source says when it is unavailable
// and why. Read once per run, in a progress notification; Back to this step shows what was read.
import * as vscode from 'vscode';
import { readAccountEvidence } from '../../azure/accountEvidence';
import { keyAuthenticatedGroups, keylessReadiness, type DataPlaneRequestGroup, type DataPlaneRequestsEvidence } from '../../core/keyless';
import { ACTIVITY_LOG_RETENTION_DAYS, describeKeyUsage, keyUsageOf, usedWithin, whyUnreadable, type KeyAccessEvidence } from '../../core/posture';
import { BACK, type PickEntry } from '../../platform/flow/flowUi';
import { viewOptions, type PromptResult, type PromptStep, type StepView } from '../../platform/flow/wizard';
import { type KeylessServices } from './keylessServices';
import { agoText, verdictText } from './keylessText';
import { type SwitchContext } from './switchContext';

/** At most this many callers and client groups are listed; the CLI (`cosmos-guard keyless`) prints them all. */
const MAX_ROWS = 20;

type Choice = 'next' | 'info';

function keyItems(context: SwitchContext, now: number): PickEntry<Choice>[] {
  return [{ separator: vscode.l10n.t('Last use of each key (Azure key usage)') },
    ...keyUsageOf(context.account, now).map((u) => ({
      label: `${u.state === 'used' && usedWithin(u, now, 7 * 86_400_000) ? '$(warning)' : '$(key)'} ${u.label}`,
      description: describeKeyUsage(u.phrase), value: 'info' as const,
    }))];
}

function keyReadItems(evidence: KeyAccessEvidence | undefined, now: number): PickEntry<Choice>[] {
  const head: PickEntry<Choice> = { separator: vscode.l10n.t('Who listed or regenerated the keys ({0} days, Activity Log)', ACTIVITY_LOG_RETENTION_DAYS) };
  if (!evidence) return [head, { label: `$(circle-slash) ${vscode.l10n.t('Not read')}`, value: 'info' }];
  if (evidence.status === 'unreadable') {
    return [head, { label: `$(error) ${vscode.l10n.t('The Activity Log could not be read')}`, description: whyUnreadable(evidence), value: 'info' }];
  }
  if (evidence.events.length === 0) return [head, { label: `$(pass) ${vscode.l10n.t('Nobody listed the keys')}`, value: 'info' }];
  const byCaller = new Map<string, { count: number; latest: string; ops: Set<string> }>();
  for (const e of evidence.events) {
    const entry = byCaller.get(e.caller) ?? { count: 0, latest: e.time, ops: new Set<string>() };
    entry.count++;
    entry.ops.add(e.operation);
    if (e.time > entry.latest) entry.latest = e.time;
    byCaller.set(e.caller, entry);
  }
  const callers = [...byCaller].sort((a, b) => b[1].latest.localeCompare(a[1].latest));
  return [head, ...callers.slice(0, MAX_ROWS).map(([caller, c]): PickEntry<Choice> => ({
    label: `$(person) ${caller}`, description: vscode.l10n.t('{0} × {1}, the latest {2}', [...c.ops].join(', '), c.count, agoText(c.latest, now)), value: 'info',
  }))];
}

function credentialText(g: DataPlaneRequestGroup): string {
  return g.keyType ?? g.authTokenType ?? (g.credential === 'resourceToken' ? vscode.l10n.t('resource token') : vscode.l10n.t('a key'));
}

function requestItems(evidence: DataPlaneRequestsEvidence | undefined, now: number): PickEntry<Choice>[] {
  const head: PickEntry<Choice> = { separator: vscode.l10n.t('Key-authenticated data-plane requests, last 7 days (Log Analytics)') };
  if (!evidence) return [head, { label: `$(circle-slash) ${vscode.l10n.t('Not read')}`, value: 'info' }];
  if (evidence.status === 'unavailable') {
    return [head, { label: `$(circle-slash) ${vscode.l10n.t('Unavailable')}`, description: evidence.missingPermission
      ? vscode.l10n.t('missing permission {0}', evidence.missingPermission) : evidence.message, detail: evidence.message, value: 'info' }];
  }
  const keyed = keyAuthenticatedGroups(evidence.groups);
  const entra = evidence.groups.filter((g) => g.credential === 'entraId').reduce((n, g) => n + g.requests, 0);
  const rows: PickEntry<Choice>[] = keyed.length === 0
    ? [{ label: `$(pass) ${vscode.l10n.t('No key-authenticated requests')}`, value: 'info' }]
    : keyed.slice(0, MAX_ROWS).map((g) => ({
      label: `$(warning) ${g.clientIp ?? vscode.l10n.t('unknown client IP')}`,
      description: g.userAgent || vscode.l10n.t('no user agent (gateway mode)'),
      detail: vscode.l10n.t('{0} requests with {1}, the latest {2}', g.requests, credentialText(g), agoText(g.last, now)), value: 'info' as const,
    }));
  if (entra > 0) rows.push({ label: `$(pass) ${vscode.l10n.t('{0} requests with Microsoft Entra ID tokens', entra)}`, value: 'info' });
  if (evidence.truncated) rows.push({ label: `$(ellipsis) ${vscode.l10n.t('More client groups than Cosmos Guard reads')}`, value: 'info' });
  return [head, ...rows];
}

export class EvidenceStep implements PromptStep<SwitchContext> {
  readonly stepNumber = 1;

  constructor(private readonly services: KeylessServices) {}

  shouldPrompt(): boolean {
    return true;
  }

  async prompt(context: SwitchContext, view: StepView): Promise<PromptResult> {
    if (!context.evidence) {
      const read = await this.read(context);
      if (!read) return undefined;
    }
    const now = this.services.clock();
    const evidence = context.evidence!;
    const readiness = keylessReadiness({ snapshot: context.account, now,
      ...(evidence.keyAccess ? { keyAccess: evidence.keyAccess } : {}), ...(evidence.dataAccess ? { dataAccess: evidence.dataAccess } : {}) });
    const items: PickEntry<Choice>[] = [
      { label: `$(arrow-right) ${vscode.l10n.t('Next: grant data-plane roles')}`, description: vscode.l10n.t('nothing changes until you confirm'), value: 'next' },
      ...keyItems(context, now),
      ...keyReadItems(evidence.keyAccess, now),
      ...requestItems(evidence.dataAccess?.dataPlaneRequests, now),
    ];
    for (;;) {
      const picked = await this.services.ui.pick({ ...viewOptions(view), placeholder: verdictText(readiness, now), items, active: 'next' });
      if (picked === undefined || picked === BACK) return picked;
      if (picked === 'next') return 'answered';
    }
  }

  /** Reads the evidence in a progress notification; false when the user cancelled it. */
  private async read(context: SwitchContext): Promise<boolean> {
    const cached = this.services.deps.accounts.model.evidence(context.account.id)?.keyAccess;
    const evidence = await this.services.ui.progress(vscode.l10n.t('Reading the evidence of key use for {0}…', context.account.name), async (report, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        report(vscode.l10n.t('Activity Log, role assignments and data-plane logs'));
        return await readAccountEvidence(this.services.deps.clientFactory, context.target,
          { ...(cached ? {} : { keyAccessDays: ACTIVITY_LOG_RETENTION_DAYS }), dataAccess: true }, { signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) return undefined;
        throw error;
      } finally {
        subscription.dispose();
      }
    });
    if (!evidence) return false;
    const keyAccess = cached ?? evidence.keyAccess;
    context.evidence = { ...(keyAccess ? { keyAccess } : {}), ...(evidence.dataAccess ? { dataAccess: evidence.dataAccess } : {}), readAt: this.services.clock() };
    if (evidence.dataAccess) context.roles = evidence.dataAccess.roleAssignments;
    this.services.logger.info(`Switch to Microsoft Entra ID: evidence of ${context.account.name} read (key reads ${keyAccess?.status ?? 'not read'}, `
      + `role assignments ${evidence.dataAccess?.roleAssignments.status ?? 'not read'}, data-plane logs ${evidence.dataAccess?.dataPlaneRequests.status ?? 'not read'}).`);
    return true;
  }
}
