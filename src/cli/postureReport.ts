// The four report formats of `cosmos-guard posture`. None carries key material: posture reads keysMetadata (dates),
// never keys, and messages come from the core's rules and from our own ARM error descriptions.
import { resolvePostureOptions, SEVERITIES, summarise, type PostureSeverity } from '../core/posture';
import { buildPostureSarifLog } from '../core/sarif';
import { keysJson } from './keyUsageJson';
import { type AuditedAccount, type PostureOutcome } from './postureRunner';

export type PostureFormat = 'table' | 'json' | 'sarif' | 'markdown';
export const POSTURE_FORMATS: readonly PostureFormat[] = ['table', 'json', 'sarif', 'markdown'];

/** The public JSON shape: exactly these fields, in this order (documented in the README). */
export function postureJson(outcome: PostureOutcome): string {
  return `${JSON.stringify({
    accounts: outcome.accounts.map((a) => ({
      id: a.snapshot.id, name: a.snapshot.name, subscriptionId: a.snapshot.subscriptionId, resourceGroup: a.snapshot.resourceGroup,
      findings: a.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message })),
      keys: keysJson(a.snapshot, outcome.now),
      unchecked: a.unchecked.map((u) => ({ rule: u.rule, reason: u.reason })),
    })),
    errors: outcome.errors.map((e) => ({ subscriptionId: e.subscriptionId, code: e.code, message: e.message })),
  }, null, 2)}\n`;
}

function subscriptionName(outcome: PostureOutcome, id: string | null): string {
  if (id === null) return '(subscription list)';
  const s = outcome.subscriptions.find((x) => x.subscriptionId.toLowerCase() === id.toLowerCase());
  return s && s.name !== s.subscriptionId ? `${s.name} (${s.subscriptionId})` : id;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function postureTable(outcome: PostureOutcome): string {
  const rows: string[][] = [['SUBSCRIPTION', 'ACCOUNT', 'RESOURCE GROUP', 'SEVERITY', 'RULE', 'FINDING']];
  for (const a of outcome.accounts) {
    const head = [a.subscription.name, a.snapshot.name, a.snapshot.resourceGroup];
    if (a.findings.length === 0) rows.push([...head, 'ok', '-', 'No findings.']);
    a.findings.forEach((f, i) => rows.push([...(i === 0 ? head : ['', '', '']), f.severity, f.rule, f.message]));
    for (const u of a.unchecked) rows.push(['', '', '', 'unchecked', u.rule, `Could not be checked (${u.reason}).`]);
  }
  let text = outcome.accounts.length ? `${table(rows)}\n` : 'No Cosmos DB accounts found.\n';
  if (outcome.errors.length) {
    text += `\nNOT READ (the report is incomplete)\n${table([['SUBSCRIPTION', 'CODE', 'REASON'],
      ...outcome.errors.map((e) => [subscriptionName(outcome, e.subscriptionId), e.code, e.message])])}\n`;
  }
  return text;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function worstOf(a: AuditedAccount): PostureSeverity | undefined {
  return summarise(a.findings).worst;
}

function postureMarkdown(outcome: PostureOutcome, toolVersion: string): string {
  const lines: string[] = ['# Azure Cosmos DB posture', '', `${summaryText(outcome)} — Cosmos Guard ${toolVersion}.`, ''];
  if (outcome.accounts.length) {
    lines.push('| Account | Subscription | Resource group | Worst | High | Medium | Low | Info |', '| --- | --- | --- | --- | ---: | ---: | ---: | ---: |');
    for (const a of outcome.accounts) {
      const { counts } = summarise(a.findings);
      lines.push(`| ${cell(a.snapshot.name)} | ${cell(a.subscription.name)} | ${cell(a.snapshot.resourceGroup)} | ${worstOf(a) ?? 'none'} | `
        + `${counts.high} | ${counts.medium} | ${counts.low} | ${counts.info} |`);
    }
    for (const a of outcome.accounts.filter((x) => x.findings.length > 0 || x.unchecked.length > 0)) {
      lines.push('', `## ${cell(a.snapshot.name)}`, '', `\`${a.snapshot.id}\``, '');
      for (const f of a.findings) lines.push(`- **${f.severity}** [${f.rule}](${f.docsUrl}): ${cell(f.message)}`);
      for (const u of a.unchecked) lines.push(`- **not checked** ${u.rule}: ${cell(u.reason)}`);
    }
  } else {
    lines.push('No Cosmos DB accounts found.');
  }
  if (outcome.errors.length) {
    lines.push('', '## Not read', '', 'The report is incomplete:', '');
    for (const e of outcome.errors) lines.push(`- ${cell(subscriptionName(outcome, e.subscriptionId))}: \`${e.code}\` — ${cell(e.message)}`);
  }
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "7 accounts in 3 subscriptions: 4 with high-severity findings, 2 with medium; 1 could not be read". */
export function summaryText(outcome: PostureOutcome): string {
  const worst = new Map<PostureSeverity, number>();
  for (const a of outcome.accounts) {
    const w = worstOf(a);
    if (w) worst.set(w, (worst.get(w) ?? 0) + 1);
  }
  const bySeverity = SEVERITIES.filter((s) => worst.has(s)).map((s, i) => `${worst.get(s)!} with ${s}${i === 0 ? '-severity findings' : ''}`);
  const failedSubs = new Set(outcome.errors.filter((e) => e.subscriptionId !== null && !outcome.accounts.some(
    (a) => a.snapshot.subscriptionId.toLowerCase() === e.subscriptionId!.toLowerCase())).map((e) => e.subscriptionId)).size;
  return `${plural(outcome.accounts.length, 'account')} in ${plural(outcome.subscriptions.length, 'subscription')}`
    + `${bySeverity.length ? `: ${bySeverity.join(', ')}` : ': no findings'}`
    + `${outcome.errors.length ? `; ${plural(outcome.errors.length, 'item')} could not be read${failedSubs ? ` (${plural(failedSubs, 'subscription')})` : ''}` : ''}`;
}

export function formatPostureReport(format: PostureFormat, outcome: PostureOutcome, toolVersion: string, maxKeyAgeDays: number): string {
  switch (format) {
    case 'json': return postureJson(outcome);
    case 'table': return postureTable(outcome);
    case 'markdown': return postureMarkdown(outcome, toolVersion);
    case 'sarif': {
      const { enabled } = resolvePostureOptions({ now: 0, maxKeyAgeDays });
      const log = buildPostureSarifLog(outcome.accounts.map((a) => ({ id: a.snapshot.id, name: a.snapshot.name, findings: a.findings,
        unchecked: a.unchecked })),
        outcome.errors, { toolVersion, enabled });
      return `${JSON.stringify(log, null, 2)}\n`;
    }
  }
}
