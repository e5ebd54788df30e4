// Markdown for the accounts view's tooltips: every finding of an account, the rules that could not be checked, and
// the age and last use of each of its four keys (from keysMetadata: dates only, never key material). Plain strings,
// so they are unit-tested without VS Code; the tree wraps them in a MarkdownString with theme icons.
import { type ArmFailure } from '../../azure/armFailure';
import { type SubscriptionRef } from '../../azure/armSubscription';
import {
  apiOf, dataPlaneLogWorkspaces, describeKeyUsage, KEYS_METADATA_SINCE_DATE, keyAges, keyUsageOf, isDefenderOn, sendsDataPlaneLogs,
  type AccountSnapshot, type PostureFinding, type PostureSeverity,
} from '../../core/posture';
import { type EvaluatedAccount } from './accountsModel';

const SEVERITY_ICON: Readonly<Record<PostureSeverity, string>> = { high: '$(error)', medium: '$(warning)', low: '$(info)', info: '$(circle-outline)' };
const SEVERITY_LABEL: Readonly<Record<PostureSeverity, string>> = { high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };
const API_LABEL = { nosql: 'NoSQL', mongodb: 'MongoDB', cassandra: 'Cassandra', table: 'Table', gremlin: 'Gremlin' } as const;

/**
 * Escapes inline Markdown in text from Azure (names, messages): emphasis, code, links, HTML, table pipes, and `$`
 * (theme icons are on). Our own lines never start with text from Azure, so block syntax needs no escaping.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~$]/g, (c) => `\\${c}`);
}

export function severityIcon(severity: PostureSeverity): string {
  return SEVERITY_ICON[severity];
}

function findingLine(f: PostureFinding): string {
  return `${SEVERITY_ICON[f.severity]} **${escapeMarkdown(f.title)}** (${SEVERITY_LABEL[f.severity].toLowerCase()}): ${escapeMarkdown(f.message)}`;
}

function notebookLine(account: EvaluatedAccount): string | undefined {
  switch (account.snapshot.notebookWorkspace) {
    case 'present': return 'Notebook workspace: **present** (a leftover of the retired notebook feature)';
    case 'absent': return 'Notebook workspace: none';
    case 'unknown': return `Notebook workspace: could not check — ${escapeMarkdown(account.notebookFailure?.message ?? 'unknown error')}`;
    case 'not-checked': return undefined;
  }
}

function diagnosticsLine(s: AccountSnapshot): string | undefined {
  const d = s.diagnosticSettings;
  if (!d) return undefined;
  if (d.status === 'unreadable') return undefined; // listed under "could not be checked"
  const sending = d.settings.filter(sendsDataPlaneLogs).map((x) => escapeMarkdown(x.name));
  if (sending.length === 0) return 'Data-plane request logs: **not sent anywhere**';
  const queryable = dataPlaneLogWorkspaces(d.settings).length > 0;
  return `Data-plane request logs: sent (${sending.join(', ')})${queryable ? ' to Log Analytics' : ''}`;
}

function defenderLine(s: AccountSnapshot): string | undefined {
  const d = s.defenderPlan;
  if (d?.status !== 'read') return undefined;
  return `Defender for Azure Cosmos DB: ${isDefenderOn(d.pricingTier) ? 'on' : `**off** (${escapeMarkdown(d.pricingTier)})`}`;
}

/** The four keys' regeneration and last use, as a Markdown table. */
export function keyTable(s: AccountSnapshot, now: number, unusedKeyDays?: number): string[] {
  const usage = keyUsageOf(s, now, unusedKeyDays === undefined ? {} : { unusedKeyDays });
  const lines = ['| Key | Last regenerated | Age | Last used |', '| --- | --- | --- | --- |'];
  keyAges(s, now).forEach((k, i) => {
    const when = k.generatedAt === undefined ? `before ${KEYS_METADATA_SINCE_DATE}` : k.generatedAt.slice(0, 10);
    const age = k.ageDays === undefined ? 'unknown' : `${k.ageDays} ${k.ageDays === 1 ? 'day' : 'days'}`;
    lines.push(`| ${k.label} | ${when} | ${age} | ${describeKeyUsage(usage[i]!.phrase)} |`);
  });
  return lines;
}

/** The account row's tooltip: identity, findings worst first, what could not be checked, keys, notebook state. */
export function accountTooltip(account: EvaluatedAccount, subscription: SubscriptionRef, now: number, unusedKeyDays?: number): string {
  const s = account.snapshot;
  const lines: string[] = [];
  lines.push(`$(database) **${escapeMarkdown(s.name)}** — Azure Cosmos DB for ${API_LABEL[apiOf(s)]}`);
  lines.push('');
  lines.push(`${escapeMarkdown(s.location || 'unknown region')} · resource group ${escapeMarkdown(s.resourceGroup)} · ${escapeMarkdown(subscription.name)}`);
  lines.push('');
  if (account.findings.length === 0) {
    lines.push('$(pass) No findings.');
  } else {
    const n = account.findings.length;
    lines.push(`**${n} ${n === 1 ? 'finding' : 'findings'}:**`);
    lines.push('');
    for (const f of account.findings) lines.push(`- ${findingLine(f)}`);
  }
  if (account.unchecked.length > 0) {
    lines.push('', '**Could not be checked** (not a pass):', '');
    for (const u of account.unchecked) lines.push(`- $(question) ${escapeMarkdown(u.title)}: ${escapeMarkdown(u.reason)}`);
  }
  lines.push('');
  lines.push(...keyTable(s, now, unusedKeyDays));
  for (const line of [notebookLine(account), diagnosticsLine(s), defenderLine(s)]) {
    if (line) lines.push('', line);
  }
  if (s.createdAt) {
    lines.push('');
    lines.push(`Created ${s.createdAt.slice(0, 10)}`);
  }
  return lines.join('\n');
}

/** Findings about the keys themselves: their tooltips show each key's regeneration and last use. */
const KEY_RULES = new Set<PostureFinding['rule']>(['stale-keys', 'chaosdb-primary-key', 'unused-key', 'local-auth-enabled']);

/** A finding row's tooltip: what, why, what to do (with each key's last use for key findings), and the rule's documentation. */
export function findingTooltip(finding: PostureFinding,
  keys?: { readonly snapshot: AccountSnapshot; readonly now: number; readonly unusedKeyDays?: number }): string {
  return [
    `${SEVERITY_ICON[finding.severity]} **${escapeMarkdown(finding.title)}** — ${SEVERITY_LABEL[finding.severity]} severity`,
    '',
    escapeMarkdown(finding.message),
    ...(keys && KEY_RULES.has(finding.rule) ? ['', ...keyTable(keys.snapshot, keys.now, keys.unusedKeyDays)] : []),
    '',
    `**Fix:** ${escapeMarkdown(finding.remediation)}`,
    '',
    `[Rule documentation](${finding.docsUrl}) · rule \`${finding.rule}\``,
  ].join('\n');
}

/** A subscription row's tooltip: ids, directory, endpoint, and the failure when there is one. */
export function subscriptionTooltip(subscription: SubscriptionRef, failure?: ArmFailure): string {
  const lines = [
    `$(azure) **${escapeMarkdown(subscription.name)}**`,
    '',
    `Subscription \`${subscription.subscriptionId}\``,
    '',
    `Directory ${subscription.tenantName ? `${escapeMarkdown(subscription.tenantName)} ` : ''}\`${subscription.tenantId}\``,
    '',
    `Resource Manager: ${escapeMarkdown(subscription.cloud.resourceManagerEndpoint)} (${escapeMarkdown(subscription.cloud.name)})`,
  ];
  if (failure) {
    lines.push('', `$(error) ${escapeMarkdown(failure.message)}`);
    if (failure.requestId) lines.push('', `Request id \`${failure.requestId}\``);
  }
  return lines.join('\n');
}
