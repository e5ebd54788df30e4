// SARIF 2.1.0 for `cosmos-guard posture`: one result per posture finding, located by the account's Azure resource
// id as a logical location (there is no file), every posture rule as a reporting descriptor, and accounts or
// subscriptions that could not be read as tool notifications. Pure and deterministic, like buildSarifLog.
import { sha256Hex } from '../hashing/sha256';
import { POSTURE_RULES, type AnyPostureRule, type PostureFinding, type PostureRuleId, type PostureSeverity } from '../posture';
import { cosmosGuardTool, SARIF_SCHEMA } from './buildSarifLog';

/** `partialFingerprints` key: rule and account id, so a finding keeps its identity across runs. */
export const POSTURE_FINGERPRINT_KEY = 'cosmosGuardPosture/v1';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Readonly<Record<PostureSeverity, Level>> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning's `security-severity` (0–10): high ≥ 7, medium ≥ 4, low < 4. */
const SECURITY_SEVERITY: Readonly<Record<PostureSeverity, string>> = { high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

export interface PostureSarifAccount {
  /** ARM resource id. */
  readonly id: string;
  readonly name: string;
  readonly findings: readonly Pick<PostureFinding, 'rule' | 'severity' | 'message'>[];
  /** Rules that could not be evaluated for the account: warnings, so an absent result is never read as a pass. */
  readonly unchecked?: readonly { readonly rule: PostureRuleId; readonly reason: string }[];
}

export interface PostureSarifError {
  readonly subscriptionId: string | null;
  readonly code: string;
  readonly message: string;
}

export interface PostureSarifOptions {
  readonly toolVersion: string;
  /** Whether each rule ran (rules that did not are listed with `enabled: false`). */
  readonly enabled: Readonly<Record<PostureRuleId, boolean>>;
}

function pascalName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

function descriptor(rule: AnyPostureRule, enabled: boolean) {
  return {
    id: rule.id,
    name: pascalName(rule.title),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text: sentence(rule.remediation) },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity], enabled },
    properties: {
      tags: ['security', 'azure-cosmos-db', 'posture'],
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity],
      ...(rule.azurePolicy ? { 'azure-policy': rule.azurePolicy.definitionId } : {}),
    },
  };
}

const RULE_INDEX = new Map(POSTURE_RULES.map((r, i) => [r.id, i]));

/** A SARIF 2.1.0 log of posture findings. Results come sorted by account id, then rule order. */
export function buildPostureSarifLog(accounts: readonly PostureSarifAccount[], errors: readonly PostureSarifError[], options: PostureSarifOptions) {
  const sorted = [...accounts].sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : a.id.toLowerCase() > b.id.toLowerCase() ? 1 : 0));
  const results = sorted.flatMap((account) => [...account.findings]
    .sort((a, b) => (RULE_INDEX.get(a.rule) ?? 0) - (RULE_INDEX.get(b.rule) ?? 0))
    .map((f) => ({
      ruleId: f.rule,
      ruleIndex: RULE_INDEX.get(f.rule)!,
      level: LEVEL[f.severity],
      message: { text: sentence(`${account.name}: ${f.message}`) },
      locations: [{ logicalLocations: [{ name: account.name, fullyQualifiedName: account.id, kind: 'resource' }] }],
      partialFingerprints: { [POSTURE_FINGERPRINT_KEY]: sha256Hex(`${f.rule}|${account.id.toLowerCase()}`) },
      properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity] },
    })));
  const notifications = [
    ...errors.map((e) => ({
      level: 'error' as const,
      message: { text: sentence(e.message) },
      descriptor: { id: e.code },
      ...(e.subscriptionId ? { locations: [{ logicalLocations: [{ fullyQualifiedName: `/subscriptions/${e.subscriptionId}`, kind: 'resource' }] }] } : {}),
    })),
    ...sorted.flatMap((account) => (account.unchecked ?? []).map((u) => ({
      level: 'warning' as const,
      message: { text: sentence(`${account.name}: ${u.rule} could not be checked (${u.reason})`) },
      descriptor: { id: u.rule },
      locations: [{ logicalLocations: [{ name: account.name, fullyQualifiedName: account.id, kind: 'resource' }] }],
    }))),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [{
      tool: cosmosGuardTool(options.toolVersion, POSTURE_RULES.map((r) => descriptor(r, options.enabled[r.id]))),
      invocations: [{ executionSuccessful: errors.length === 0, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      results,
    }],
  };
}
