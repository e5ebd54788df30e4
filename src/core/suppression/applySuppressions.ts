// Decides which findings a file's suppressions hide. Pure: the caller passes the file's text (for inline comments),
// the `.cosmosguardignore` entries for its path, and today's date. The CLI and the editor both call this, so they
// agree on every finding, and SARIF from either lists suppressed findings with the same `suppressions`.
import { type Finding } from '../detection';
import { safeExcerpt } from '../masking/safeExcerpt';
import { type FindingSuppression } from '../sarif';
import { type IgnoreFileEntry } from './ignoreFile';
import { parseInlineSuppressions, SUPPRESSION_TOKEN, type InlineSuppression } from './inlineSuppressions';
import { limitProblems } from './problemLimit';
import { isExpired } from './suppressionDate';

/** Paths are quoted longer than other text: they are what tells the reader which entry is meant. */
const PATH_EXCERPT_LENGTH = 120;

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
  // The first active comment for each line it covers (its own and the next) and rule: one look-up per finding.
  const byLineAndRule = new Map<string, InlineSuppression>();
  for (const s of inline) {
    const problem = inlineProblem(s, input.today);
    if (problem) {
      problems.push(problem);
      continue;
    }
    for (const rule of s.rules) {
      for (const key of [`${s.line}:${rule}`, `${s.line + 1}:${rule}`]) if (!byLineAndRule.has(key)) byLineAndRule.set(key, s);
    }
  }
  const entries = new Map<string, IgnoreFileEntry>();
  for (const e of input.entries ?? []) {
    if ((e.until === undefined || !isExpired(e.until, input.today)) && !entries.has(e.fingerprint)) entries.set(e.fingerprint, e);
  }
  let suppressed = 0;
  const out = findings.map((f): WithSuppression<F> => {
    const comment = byLineAndRule.get(`${f.line}:${f.rule}`);
    if (comment) {
      suppressed++;
      return { ...f, suppression: { kind: 'inSource', justification: justification(comment.reason, comment.until) } };
    }
    const entry = entries.get(f.fingerprint);
    if (entry) {
      suppressed++;
      return { ...f, suppression: { kind: 'external', justification: justification(entry.reason, entry.until) } };
    }
    return f;
  });
  const limited = limitProblems(problems, (more, last): SuppressionProblem => ({
    kind: 'invalid', line: last.line, column: last.column, endColumn: last.endColumn,
    message: `Cosmos Guard: ${more} more suppression problems in this file are not listed.`,
  }));
  return { findings: out, suppressed, problems: limited };
}

// Entries grouped by path, once per entry list: a scan asks for every file's entries, and a long ignore file
// must not be walked once per file.
const entriesByPath = new WeakMap<readonly IgnoreFileEntry[], Map<string, IgnoreFileEntry[]>>();

/** Entries of a parsed ignore file that apply to `path` (relative to the ignore file's folder, POSIX). */
export function entriesForPath(entries: readonly IgnoreFileEntry[], path: string): IgnoreFileEntry[] {
  let index = entriesByPath.get(entries);
  if (!index) {
    index = new Map();
    for (const e of entries) {
      const list = index.get(e.path);
      if (list) list.push(e);
      else index.set(e.path, [e]);
    }
    entriesByPath.set(entries, index);
  }
  return [...(index.get(path) ?? [])];
}

/** Ignore-file entries past their date, as problems on the ignore file's lines. */
export function expiredEntries(entries: readonly IgnoreFileEntry[], today: string): { line: number; message: string }[] {
  const expired = entries.filter((e) => e.until !== undefined && isExpired(e.until, today))
    .map((e) => ({ line: e.line, message: `Cosmos Guard suppression for ${safeExcerpt(e.path, PATH_EXCERPT_LENGTH)} expired on ${e.until!}: the finding is reported again.` }));
  return limitProblems(expired, (more, last) => ({ line: last.line, message: `Cosmos Guard: ${more} more expired entries in this file are not listed.` }));
}
