import { type Finding } from '../detection';

type Positioned = Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn' | 'rule' | 'fingerprint'>;

/** Plain code-unit order (not locale order), so every machine and both the CLI and the editor sort alike. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The one order findings are reported in: by file, then position, then rule and fingerprint as tie-breakers. */
export function compareFindings(a: Positioned, b: Positioned): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || a.endLine - b.endLine ||
    a.endColumn - b.endColumn || compareStrings(a.rule, b.rule) || compareStrings(a.fingerprint, b.fingerprint);
}
