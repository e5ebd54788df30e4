// Decides which findings a file's suppressions hide. Pure: the caller passes the file's text (for inline comments),
// the `.cosmosguardignore` entries for its path, and today's date. The CLI and the editor both call this, so they
// agree on every finding, and SARIF from either lists suppressed findings with the same `suppressions`.
import { type Finding } from '../detection';
import { type FindingSuppression } from '../sarif';
import { type IgnoreFileEntry } from './ignoreFile';
import { parseInlineSuppressions, SUPPRESSION_TOKEN, type InlineSuppression } from './inlineSuppressions';
import { isExpired } from './suppressionDate';

/** A suppression comment that does not do what its author meant: shown as a warning, never silently dropped. */
export interface SuppressionProblem {
  readonly kind: 'invalid' | 'expired';
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly message: string;
}

export type SuppressibleFinding = Pick<Finding, 'line' | 'rule' | 'fingerprint'>;
export type WithSuppression<F> = F & { readonly suppression?: FindingSuppression };

export interface SuppressionInput {
  /** The file's text, searched for inline comments. */
  readonly text: string;
  /** `.cosmosguardignore` entries for this file's path. */
  readonly entries?: readonly IgnoreFileEntry[];
  /** `YYYY-MM-DD`: suppressions `until` an earlier date no longer apply. */
  readonly today: string;
}

export interface SuppressionOutcome<F> {
  /** Every finding, in the given order; suppressed ones carry `suppression`. */
  readonly findings: WithSuppression<F>[];
  readonly suppressed: number;
  readonly problems: SuppressionProblem[];
}

const SYNTAX = `${SUPPRESSION_TOKEN} <rule> reason=<why> [until=YYYY-MM-DD]`;

function justification(reason: string, until: string | undefined): string {
  return until ? `${reason} (until ${until})` : reason;
}

function inlineProblem(s: InlineSuppression, today: string): SuppressionProblem | undefined {
  const where = { line: s.line, column: s.column, endColumn: s.endColumn };
  if (s.problem) {
    return { kind: 'invalid', ...where, message: `Cosmos Guard suppression ignored: ${s.problem}. Write "${SYNTAX}".` };
  }
  if (s.until !== undefined && isExpired(s.until, today)) {
    return { kind: 'expired', ...where, message: `Cosmos Guard suppression expired on ${s.until}: ${s.rules.join(', ')} findings here are reported again.` };
  }
  return undefined;
}

export function applySuppressions<F extends SuppressibleFinding>(findings: readonly F[], input: SuppressionInput): SuppressionOutcome<F> {
  const inline = input.text.includes(SUPPRESSION_TOKEN) ? parseInlineSuppressions(input.text) : [];
  const problems: SuppressionProblem[] = [];
  const active: InlineSuppression[] = [];
  for (const s of inline) {
    const problem = inlineProblem(s, input.today);
    if (problem) problems.push(problem);
    else active.push(s);
  }
  const entries = (input.entries ?? []).filter((e) => e.until === undefined || !isExpired(e.until, input.today));
  let suppressed = 0;
  const out = findings.map((f): WithSuppression<F> => {
    const comment = active.find((s) => (s.line === f.line || s.line + 1 === f.line) && s.rules.includes(f.rule));
    if (comment) {
      suppressed++;
      return { ...f, suppression: { kind: 'inSource', justification: justification(comment.reason, comment.until) } };
    }
    const entry = entries.find((e) => e.fingerprint === f.fingerprint);
    if (entry) {
      suppressed++;
      return { ...f, suppression: { kind: 'external', justification: justification(entry.reason, entry.until) } };
    }
    return f;
  });
  return { findings: out, suppressed, problems };
}

/** Entries of a parsed ignore file that apply to `path` (relative to the ignore file's folder, POSIX). */
export function entriesForPath(entries: readonly IgnoreFileEntry[], path: string): IgnoreFileEntry[] {
  return entries.filter((e) => e.path === path);
}

/** Ignore-file entries past their date, as problems on the ignore file's lines. */
export function expiredEntries(entries: readonly IgnoreFileEntry[], today: string): { line: number; message: string }[] {
  return entries.filter((e) => e.until !== undefined && isExpired(e.until, today))
    .map((e) => ({ line: e.line, message: `Cosmos Guard suppression for ${e.path} expired on ${e.until!}: the finding is reported again.` }));
}
