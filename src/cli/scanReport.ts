// The three report formats of `cosmos-guard scan`. None of them carries key material: findings hold a message
// (at most the secret's last four characters) and a fingerprint, never offsets into the file or the secret.
import { isKeyBasedClientFinding, type ClientDetails } from '../core/clients';
import { type Finding, type Severity } from '../core/detection';
import { buildSarifLog, serializeSarif } from '../core/sarif';
import { keyKindInfo } from '../core/rotation';
import { type ScanOutcome, type ScanStats, type ScannedFinding } from './scanRunner';
import { type Verified } from './verifyRunner';

export type ReportFormat = 'text' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif'];

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
  /** Only with --verify: the account key the secret is, or null. */
  readonly verified?: Verified;
  /** Only for `cosmos-key-based-client`: the language, credential form, where the key comes from, and the rewrite. */
  readonly client?: ClientDetails;
}

export function toJsonFinding(f: Finding, verified?: Verified): JsonFinding {
  return {
    file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn,
    rule: f.rule, kind: f.kind, severity: f.severity, message: f.message, fingerprint: f.fingerprint,
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

/** The active findings at or above `failOn`: the ones that decide the exit code. */
export function failingFindings(findings: readonly ScannedFinding[], failOn: FailOn = DEFAULT_FAIL_ON): ScannedFinding[] {
  return activeFindings(findings).filter((f) => RANK[f.severity] >= RANK[failOn]);
}

/**
 * The report. `verified` (scan --verify) has one entry per `outcome.findings` entry, in the same order; without
 * it the report is exactly what a scan without --verify writes.
 */
export function formatReport(format: ReportFormat, outcome: ScanOutcome, toolVersion: string, verified?: readonly Verified[]): string {
  // A key-based client is no secret: --verify has nothing to say about it.
  const all = outcome.findings.map((f, i) => ({ f, v: isKeyBasedClientFinding(f) ? undefined : verified?.[i] }));
  switch (format) {
    case 'json': {
      const suppressed = all.filter(({ f }) => f.suppression).map(({ f, v }) => ({ ...toJsonFinding(f, v), suppression: f.suppression! }));
      const findings = all.filter(({ f }) => !f.suppression).map(({ f, v }) => toJsonFinding(f, v));
      return `${JSON.stringify({ findings, suppressed, stats: outcome.stats }, null, 2)}\n`;
    }
    case 'sarif':
      return serializeSarif(buildSarifLog(all.map(({ f, v }) => (v === undefined ? f : { ...f, verified: v })), {
        toolVersion,
        notices: outcome.stats.unreadable.map((u) => ({ file: u.file, message: `Could not scan ${u.file}: ${u.reason}.` })),
      }));
    case 'text':
      return all.filter(({ f }) => !f.suppression)
        .map(({ f, v }) => `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.rule} ${f.message}${verifiedNote(v)}\n`).join('');
  }
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function formatBytes(n: number): string {
  if (n < 1024) return plural(n, 'byte');
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** One line for stderr: what was found, what was scanned, what was skipped and why. */
export function formatSummary(outcome: ScanOutcome): string {
  const { stats } = outcome;
  const findings = activeFindings(outcome.findings);
  const suppressed = outcome.findings.length - findings.length;
  const files = new Set(findings.map((f) => f.file)).size;
  const information = findings.filter((f) => f.severity === 'info').length;
  const notes = [information ? `${information} for information` : '', suppressed ? `${suppressed} suppressed` : ''].filter(Boolean);
  const found = (findings.length ? `${plural(findings.length, 'finding')} in ${plural(files, 'file')}` : 'no findings') +
    (notes.length ? ` (${notes.join(', ')})` : '');
  const skipped = skippedParts(stats);
  return `cosmos-guard: ${found}; scanned ${plural(stats.filesScanned, 'file')} (${formatBytes(stats.bytesScanned)}) in ` +
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
  ].filter(Boolean);
}
