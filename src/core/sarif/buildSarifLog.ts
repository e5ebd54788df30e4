// Builds the SARIF log for a set of findings. One function for the CLI and the editor's "Export Findings as
// SARIF…", so both write byte-identical files for the same findings: output depends only on the inputs (no
// clock, no machine paths, no locale), results are sorted, keys are written in a fixed order.
import { KEY_BASED_CLIENT_RULE, type ClientDetails } from '../clients';
import { DETECTION_RULES, type DetectionRule, type Finding, type Severity } from '../detection';
import { compareFindings } from '../scan/findingOrder';
import { SCAN_RULES } from '../scan/scanRules';
import {
  type SarifLevel, type SarifLocation, type SarifLog, type SarifNotification, type SarifReportingDescriptor, type SarifResult,
} from './sarifTypes';
import { stringifyReport } from './safeJson';

export const TOOL_NAME = 'Cosmos Guard';
export const INFORMATION_URI = 'https://github.com/cosmos-guard/cosmos-guard';
/** Every location is relative to the scanned root, which consumers resolve (GitHub: the checkout). */
export const SRCROOT = '%SRCROOT%';
/** `partialFingerprints` key: a hash of rule and secret, so a key keeps its identity when its line moves. */
export const FINGERPRINT_KEY = 'cosmosGuardSecret/v1';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Why a finding is not a problem: written as a SARIF `suppression` (the result is still listed). */
export interface FindingSuppression {
  /** `inSource`: a suppression comment in the file; `external`: a setting, baseline or user decision. */
  readonly kind: 'inSource' | 'external';
  readonly justification: string;
}

/** The finding fields SARIF needs (a full `Finding` fits), plus an optional suppression. */
export type SarifFinding = Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'rule' | 'severity' | 'message' | 'fingerprint'> & {
  readonly suppression?: FindingSuppression;
  /** `cosmos-guard scan --verify`: the account key the secret is (null: none the caller can list); written as `properties.verified`. */
  readonly verified?: { readonly account: string; readonly keyKind: string } | null;
  /** `scan --baseline`: whether the previous report had the finding's fingerprint (`unchanged`) or not (`new`). */
  readonly baselineState?: 'new' | 'unchanged';
  /** `scan --git`: the commit (full id) that brought the secret into the file, and its author date; in `properties`. */
  readonly commit?: string;
  readonly authorDate?: string;
  /** `cosmos-key-based-client` findings: language, credential form, source and rewrite; written as `properties.client`. */
  readonly client?: ClientDetails;
};

/** A file that could not be scanned (path relative to the root), reported as a tool notification. */
export interface ScanNotice {
  readonly file: string;
  readonly message: string;
}

export interface SarifOptions {
  /** The tool's version (package.json). */
  readonly toolVersion: string;
  readonly notices?: readonly ScanNotice[];
}

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Partial<Record<Severity, string>> = { error: '9.0', warning: '6.0' };

/** `Cosmos DB NoSQL Connection String` → `CosmosDbNosqlConnectionString` (SARIF prefers Pascal-case rule names). */
function pascalName(name: string): string {
  return name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('');
}

function advice(rule: DetectionRule): string {
  if (rule.kind === 'emulator-key') {
    return 'The key is published in the emulator\'s documentation and grants access to no Azure account; it is reported for information only.';
  }
  const fix = rule.kind === 'mongo-vcore-password' ? 'change the password' : 'regenerate the key';
  return 'Anyone who can read this file can use the secret to read and change the account\'s data. Move it to a secret store ' +
    '(Azure Key Vault, a CI secret, an environment variable) or switch to Microsoft Entra ID authentication, then ' + fix + '.';
}

function descriptor(rule: DetectionRule): SarifReportingDescriptor {
  const severity = SECURITY_SEVERITY[rule.defaultSeverity];
  return {
    id: rule.id,
    name: pascalName(rule.name),
    shortDescription: { text: `${rule.name}.` },
    fullDescription: { text: `${rule.description}. ${advice(rule)}` },
    help: { text: advice(rule) },
    helpUri: `${INFORMATION_URI}#${rule.docsAnchor}`,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['security', 'secret', 'azure-cosmos-db'], ...(severity ? { 'security-severity': severity } : {}) },
  };
}

/** The code rule `cosmos-key-based-client`: a note about how the code authenticates, not a secret. */
function keyBasedClientDescriptor(): SarifReportingDescriptor {
  const rule = KEY_BASED_CLIENT_RULE;
  return {
    id: rule.id,
    name: pascalName(rule.name),
    shortDescription: { text: `${rule.name}.` },
    fullDescription: { text: `${rule.description}. ${rule.help}` },
    help: { text: rule.help },
    helpUri: `${INFORMATION_URI}#${rule.docsAnchor}`,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: ['security', 'authentication', 'azure-cosmos-db'] },
  };
}

/** A relative POSIX path as a URI reference: each segment percent-encoded (spaces, `#`, `%`, `:`…). */
export function relativeUri(file: string): string {
  return file.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function location(file: string, region?: SarifLocation['physicalLocation']['region']): SarifLocation {
  return { physicalLocation: { artifactLocation: { uri: relativeUri(file), uriBaseId: SRCROOT }, ...(region ? { region } : {}) } };
}

const RULE_INDEX = new Map(SCAN_RULES.map((r, i) => [r.id, i]));

/** Tool-specific result data: where in history the secret came from, and what --verify found. */
function properties(f: SarifFinding): Record<string, unknown> | undefined {
  const bag: Record<string, unknown> = {};
  if (f.commit !== undefined) bag.commit = f.commit;
  if (f.authorDate !== undefined) bag.authorDate = f.authorDate;
  if (f.verified !== undefined) bag.verified = f.verified;
  if (f.client) bag.client = f.client;
  return Object.keys(bag).length ? bag : undefined;
}

function result(f: SarifFinding): SarifResult {
  const ruleIndex = RULE_INDEX.get(f.rule);
  const bag = properties(f);
  return {
    ruleId: f.rule,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn })],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.suppression ? {
      suppressions: [{ kind: f.suppression.kind, status: 'accepted' as const,
        ...(f.suppression.justification ? { justification: f.suppression.justification } : {}) }],
    } : {}),
    ...(f.baselineState ? { baselineState: f.baselineState } : {}),
    ...(bag ? { properties: bag } : {}),
  };
}

/** The `tool` of every Cosmos Guard SARIF run (leak scans and posture audits alike). */
export function cosmosGuardTool<R>(toolVersion: string, rules: R[]) {
  return { driver: { name: TOOL_NAME, version: toolVersion, semanticVersion: toolVersion, informationUri: INFORMATION_URI, rules } };
}

/**
 * A SARIF 2.1.0 log with one run: every scan rule (SCAN_RULES' order) as `tool.driver.rules`, one result per finding (suppressed
 * findings included, carrying `suppressions`), locations relative to {@link SRCROOT}. Pure and deterministic.
 */
export function buildSarifLog(findings: readonly SarifFinding[], options: SarifOptions): SarifLog {
  const notices = [...(options.notices ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const notifications: SarifNotification[] = notices.map((n) => ({ level: 'warning', message: { text: n.message }, locations: [location(n.file)] }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: cosmosGuardTool(options.toolVersion, [...DETECTION_RULES.map(descriptor), keyBasedClientDescriptor()]),
      invocations: [{ executionSuccessful: true, ...(notifications.length ? { toolExecutionNotifications: notifications } : {}) }],
      columnKind: 'utf16CodeUnits',
      results: [...findings].sort(compareFindings).map(result),
    }],
  };
}

/** The one serialisation (2-space JSON, trailing newline, terminal-safe) both writers use, so files compare byte for byte. */
export function serializeSarif(log: SarifLog): string {
  return stringifyReport(log);
}
