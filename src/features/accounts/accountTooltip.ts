// Markdown for the accounts view's tooltips: every finding of an account and the age of each of its four keys
// (from keysMetadata: dates only, never key material). Plain strings, so they are unit-tested without VS Code;
// the tree wraps them in a MarkdownString with theme icons.
import { type ArmFailure } from '../../azure/armFailure';
import { type SubscriptionRef } from '../../azure/armSubscription';
import { apiOf, KEYS_METADATA_SINCE_DATE, keyAges, type PostureFinding, type PostureSeverity } from '../../core/posture';
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

/** The account row's tooltip: identity, findings worst first, key ages, notebook state. */
export function accountTooltip(account: EvaluatedAccount, subscription: SubscriptionRef, now: number): string {
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
  lines.push('');
  lines.push('| Key | Last regenerated | Age |');
  lines.push('| --- | --- | --- |');
  for (const k of keyAges(s, now)) {
    const when = k.generatedAt === undefined ? `before ${KEYS_METADATA_SINCE_DATE}` : k.generatedAt.slice(0, 10);
    const age = k.ageDays === undefined ? 'unknown' : `${k.ageDays} ${k.ageDays === 1 ? 'day' : 'days'}`;
    lines.push(`| ${k.label} | ${when} | ${age} |`);
  }
  const notebook = notebookLine(account);
  if (notebook) {
    lines.push('');
    lines.push(notebook);
  }
  if (s.createdAt) {
    lines.push('');
    lines.push(`Created ${s.createdAt.slice(0, 10)}`);
  }
  return lines.join('\n');
}

/** A finding row's tooltip: what, why, what to do, and the rule's documentation. */
export function findingTooltip(finding: PostureFinding): string {
  return [
    `${SEVERITY_ICON[finding.severity]} **${escapeMarkdown(finding.title)}** — ${SEVERITY_LABEL[finding.severity]} severity`,
    '',
    escapeMarkdown(finding.message),
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
