// The three report formats of `cosmos-guard scan`. None of them carries key material: findings hold a message
// (at most the secret's last four characters) and a fingerprint, never offsets into the file or the secret.
// File names come from the scanned tree and may hold anything: the text report and stderr show them escaped
// (terminalText.ts), JSON and SARIF escape every character that could act on a terminal (stringifyReport).
import { isKeyBasedClientFinding, type ClientDetails } from '../core/clients';
import { type Finding, type Severity } from '../core/detection';
import { buildSarifLog, serializeSarif, stringifyReport } from '../core/sarif';
import { keyKindInfo } from '../core/rotation';
import { type ScanOutcome, type ScanStats, type ScannedFinding } from './scanRunner';
import { escapeMessage, escapeName } from './terminalText';
import { type Verified } from './verifyRunner';

export type ReportFormat = 'text' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

export type BaselineState = 'new' | 'unchanged';

/** The public JSON shape of a finding: exactly these fields, in this order. */
export interface JsonFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly rule: string;
  readonly kind: string;
  readonly severity: string;
  readonly message: string;
  readonly fingerprint: string;
  /** Only with --git: the commit (full id) that brought the secret into the file, and its author date. */
  readonly commit?: string;
  readonly authorDate?: string;
  /** Only with --baseline. */
  readonly baselineState?: BaselineState;
  /** Only with --verify: the account key the secret is, or null. */
  readonly verified?: Verified;
  /** Only for `cosmos-key-based-client`: the language, credential form, where the key comes from, and the rewrite. */
  readonly client?: ClientDetails;
}

/** What else a report shows besides the scan: --verify's results (one per finding, same order) and --baseline's fingerprints. */
export interface ReportExtras {
  readonly verified?: readonly Verified[];
  readonly baseline?: ReadonlySet<string>;
}

export function toJsonFinding(f: ScannedFinding, verified?: Verified, baselineState?: BaselineState): JsonFinding {
  return {
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    rule: f.rule, kind: f.kind, severity: f.severity, message: f.message, fingerprint: f.fingerprint,
    ...(f.commit === undefined ? {} : { commit: f.commit, authorDate: f.authorDate ?? '' }),
    ...(baselineState === undefined ? {} : { baselineState }),
    ...(verified === undefined ? {} : { verified }),
    ...(isKeyBasedClientFinding(f) ? { client: f.client } : {}),
  };
}

/** " (verified: current primary read-write key of contoso-orders)" for text reports. */
function verifiedNote(v: Verified | undefined): string {
  if (v === undefined) return '';
  if (v === null) return ' (verified: not a current key of any account you can list)';
  return ` (verified: current ${keyKindInfo(v.keyKind).label} of ${v.account.split('/').pop() ?? v.account})`;
}

/** Findings no suppression hides: the ones that are reported as problems. */
export function activeFindings(findings: readonly ScannedFinding[]): ScannedFinding[] {
  return findings.filter((f) => !f.suppression);
}

/** `--fail-on`: the lowest severity that fails the scan. */
export type FailOn = Severity;
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'info'];
/** Information findings (`cosmos-key-based-client`, the emulator key) never fail a scan unless asked to. */
export const DEFAULT_FAIL_ON: FailOn = 'warning';
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** The findings that decide the exit code: not suppressed, not in the baseline, and at or above `failOn`. */
export function failingFindings(findings: readonly ScannedFinding[], options: { readonly baseline?: ReadonlySet<string>; readonly failOn?: FailOn } = {}): ScannedFinding[] {
  const least = RANK[options.failOn ?? DEFAULT_FAIL_ON];
  return findings.filter((f) => !f.suppression && !options.baseline?.has(f.fingerprint) && RANK[f.severity] >= least);
}

const stateOf = (f: Finding, baseline: ReadonlySet<string> | undefined): BaselineState | undefined =>
  baseline === undefined ? undefined : baseline.has(f.fingerprint) ? 'unchanged' : 'new';

function textLine(f: ScannedFinding, v: Verified | undefined): string {
  const origin = f.commit === undefined ? '' : ` (commit ${f.commit}, ${escapeMessage(f.authorDate ?? '')})`;
  return `${escapeName(f.file)}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.message}${origin}${verifiedNote(v)}\n`;
}

/**
 * The report. Without extras it is exactly what a plain scan writes. The text report lists the findings that fail
 * the build (with --baseline, the new ones only).
 */
export function formatReport(format: ReportFormat, outcome: ScanOutcome, toolVersion: string, extras: ReportExtras = {}): string {
  const { baseline } = extras;
  // A key-based client is no secret: --verify has nothing to say about it.
  const all = outcome.findings.map((f, i) => ({ f, v: isKeyBasedClientFinding(f) ? undefined : extras.verified?.[i], state: stateOf(f, baseline) }));
  switch (format) {
    case 'json': {
      const suppressed = all.filter(({ f }) => f.suppression).map(({ f, v, state }) => ({ ...toJsonFinding(f, v, state), suppression: f.suppression! }));
      const active = all.filter(({ f }) => !f.suppression);
      // Leaks and key-based clients apart: "findings" is what a leak gate reads (every entry a secret in a file), and a
      // key-based client is code to change before keys are turned off, not a secret.
      const findings = active.filter(({ f }) => !isKeyBasedClientFinding(f)).map(({ f, v, state }) => toJsonFinding(f, v, state));
      const keyBasedClients = active.filter(({ f }) => isKeyBasedClientFinding(f)).map(({ f, state }) => toJsonFinding(f, undefined, state));
      return stringifyReport({ findings, keyBasedClients, suppressed, stats: outcome.stats });
    }
    case 'sarif':
      return serializeSarif(buildSarifLog(all.map(({ f, v, state }) => ({ ...f, ...(v === undefined ? {} : { verified: v }), ...(state ? { baselineState: state } : {}) })), {
        toolVersion,
        notices: [
          ...outcome.stats.unreadable.map((u) => ({ file: u.file, message: `Could not scan ${u.file}: ${u.reason}.` })),
          ...outcome.skippedLinks.map((l) => ({ file: l.file, message: `Skipped ${l.file}: ${l.reason}.` })),
        ],
      }));
    case 'text':
      return all.filter(({ f, state }) => !f.suppression && state !== 'unchanged').map(({ f, v }) => textLine(f, v)).join('');
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function formatBytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** One line for stderr: what was found, what was scanned, what was skipped and why. */
export function formatSummary(outcome: ScanOutcome, baseline?: ReadonlySet<string>): string {
  const { stats } = outcome;
  const active = activeFindings(outcome.findings);
  const unknown = active.filter((f) => !baseline?.has(f.fingerprint));
  // Key-based clients are counted apart from findings, as the JSON report lists them apart.
  const reported = unknown.filter((f) => !isKeyBasedClientFinding(f));
  const clients = unknown.length - reported.length;
  const suppressed = outcome.findings.length - active.length;
  const known = active.length - unknown.length;
  const information = reported.filter((f) => f.severity === 'info').length;
  const files = new Set(reported.map((f) => f.file)).size;
  const notes = [information ? `${information} for information` : '', suppressed ? `${suppressed} suppressed` : ''].filter(Boolean);
  const found = (reported.length ? `${plural(reported.length, baseline ? 'new finding' : 'finding')} in ${plural(files, 'file')}` : baseline ? 'no new findings' : 'no findings') +
    (clients ? `, ${plural(clients, baseline ? 'new key-based client' : 'key-based client')} (information)` : '') +
    (known ? ` (${known} in the baseline)` : '') + (notes.length ? ` (${notes.join(', ')})` : '');
  const what = stats.commits === undefined ? plural(stats.filesScanned, 'file') : `${plural(stats.filesScanned, 'blob')} from ${plural(stats.commits, 'commit')}`;
  const skipped = skippedParts(stats);
  return `cosmos-guard: ${found}; scanned ${what} (${formatBytes(stats.bytesScanned)}) in ` +
    `${(stats.durationMs / 1000).toFixed(2)} s${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}` +
    `${stats.encodings.latin1 ? `; ${plural(stats.encodings.latin1, 'file')} not UTF-8 (read as Latin-1)` : ''}` +
    `${stats.unreadable.length ? `; ${plural(stats.unreadable.length, 'unreadable file')}` : ''}\n`;
}

function skippedParts(stats: ScanStats): string[] {
  const s = stats.skipped;
  return [
    s.binary ? `${s.binary} binary` : '',
    s.tooLarge ? `${s.tooLarge} too large` : '',
    s.ignored ? `${s.ignored} ignored` : '',
    s.notRegular ? `${plural(s.notRegular, 'special file')}` : '',
    s.alreadyVisited ? `${plural(s.alreadyVisited, 'folder link')} already scanned` : '',
    s.symlinks ? `${plural(s.symlinks, 'symbolic link')} not followed` : '',
  ].filter(Boolean);
}
