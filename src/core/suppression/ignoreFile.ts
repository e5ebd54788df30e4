// `.cosmosguardignore`: suppressions for files that cannot hold comments (JSON). One entry per line:
//   <path> <fingerprint> reason=<why> [until=YYYY-MM-DD]
// The path is relative to the folder holding the file (POSIX `/`; JSON-quoted when it has spaces); the fingerprint
// is a finding's (rule + secret hash), so an entry survives the secret moving within its file but not to another.
import { safeExcerpt } from '../masking/safeExcerpt';
import { limitProblems } from './problemLimit';
import { isCalendarDate } from './suppressionDate';

export const IGNORE_FILE_NAME = '.cosmosguardignore';

export interface IgnoreFileEntry {
  /** POSIX path relative to the folder holding the ignore file. */
  readonly path: string;
  readonly fingerprint: string;
  readonly reason: string;
  readonly until?: string;
  /** 1-based line in the ignore file. */
  readonly line: number;
}

export interface IgnoreFileProblem {
  readonly line: number;
  readonly message: string;
}

export interface ParsedIgnoreFile {
  readonly entries: readonly IgnoreFileEntry[];
  readonly problems: readonly IgnoreFileProblem[];
}

const FINGERPRINT = /^[0-9a-f]{32}$/;

/** Normalises a relative path for comparison: `/` separators, no leading `./` or `/`. */
export function normaliseEntryPath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
}

function readPath(line: string): { path: string; rest: string } | undefined {
  if (line.startsWith('"')) {
    const m = /^"(?:[^"\\]|\\.)*"/.exec(line);
    if (!m) return undefined;
    try {
      return { path: JSON.parse(m[0]) as string, rest: line.slice(m[0].length) };
    } catch {
      return undefined;
    }
  }
  const m = /^\S+/.exec(line);
  return m ? { path: m[0], rest: line.slice(m[0].length) } : undefined;
}

export function parseIgnoreFile(text: string): ParsedIgnoreFile {
  const entries: IgnoreFileEntry[] = [];
  const problems: IgnoreFileProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const message = parseLine(raw.replace(/\r$/, '').trim(), i + 1, entries);
    if (message) problems.push({ line: i + 1, message });
  });
  return { entries, problems: limitProblems(problems, (more, last) => ({ line: last.line, message: `${more} more lines are not valid entries either` })) };
}

/** Adds the line's entry to `entries`, or returns why the line is not one. */
function parseLine(line: string, lineNumber: number, entries: IgnoreFileEntry[]): string | undefined {
  if (line === '' || line.startsWith('#')) return undefined;
  const head = readPath(line);
  if (!head) return 'expected: <path> <fingerprint> reason=<why> [until=YYYY-MM-DD]';
  const fp = /^\s+(\S+)/.exec(head.rest);
  if (!fp || !FINGERPRINT.test(fp[1]!)) return 'the second field must be a finding\'s 32-character fingerprint';
  const tail = head.rest.slice(fp[0].length);
  const keys = [...tail.matchAll(/(?:^|\s)(reason|until)=/g)];
  const values: Record<string, string> = {};
  keys.forEach((m, k) => {
    const end = k + 1 < keys.length ? keys[k + 1]!.index : tail.length;
    values[m[1]!] = tail.slice(m.index + m[0].length, end).trim().replace(/^"(.*)"$/, '$1');
  });
  if (!values.reason) return 'the entry gives no reason (reason=…); it suppresses nothing';
  if (values.until !== undefined && !isCalendarDate(values.until)) return `until=${safeExcerpt(values.until)} is not a date (YYYY-MM-DD)`;
  entries.push({ path: normaliseEntryPath(head.path), fingerprint: fp[1]!, reason: values.reason,
    ...(values.until !== undefined ? { until: values.until } : {}), line: lineNumber });
  return undefined;
}

/** One entry as a line (without the line break). */
export function formatIgnoreFileEntry(entry: Pick<IgnoreFileEntry, 'path' | 'fingerprint' | 'reason' | 'until'>): string {
  const path = normaliseEntryPath(entry.path);
  const shown = /^[^\s"#][^\s]*$/.test(path) ? path : JSON.stringify(path);
  return `${shown} ${entry.fingerprint} reason=${entry.reason.replace(/[\r\n]+/g, ' ').trim()}${entry.until ? ` until=${entry.until}` : ''}`;
}

/** The header written when the file is created. */
export const IGNORE_FILE_HEADER = '# Cosmos Guard suppressions: <path> <fingerprint> reason=<why> [until=YYYY-MM-DD]\n' +
  '# Paths are relative to this folder; fingerprints identify a secret without containing it.\n';
