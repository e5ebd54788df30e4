import * as vscode from 'vscode';
import { ruleById, type Finding } from '../../core/detection';
import { type SuppressionProblem } from '../../core/suppression';
import { type FindingSeverity } from '../../platform/configSnapshot';

/** The `source` of every Cosmos Guard diagnostic (shown in the Problems panel, used by filters). */
export const DIAGNOSTIC_SOURCE = 'Cosmos Guard';

/** Diagnostic codes of suppression comments that do not suppress (not detection rules). */
export const SuppressionCode = { invalid: 'invalid-suppression', expired: 'expired-suppression' } as const;

const README = { scheme: 'https', authority: 'github.com', path: '/cosmos-guard/cosmos-guard' } as const;

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** The rule's section in the README, linked from the diagnostic's code. */
export function ruleDocsUri(ruleId: string): vscode.Uri {
  const fragment = ruleById(ruleId)?.docsAnchor ?? `rule-${ruleId}`;
  return vscode.Uri.from({ ...README, fragment });
}

/** The editor range of a finding: positions are 1-based with an exclusive end column; VS Code's are 0-based. */
export function findingRange(finding: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): vscode.Range {
  return new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
}

/**
 * A diagnostic whose range covers only the secret. Its message comes from the core, which never includes the
 * secret: other extensions can read diagnostics. `severity` is the setting's; the emulator key's information
 * notes stay information.
 */
export function findingToDiagnostic(finding: Finding, severity: FindingSeverity = 'error'): vscode.Diagnostic {
  const level = finding.severity === 'info' ? vscode.DiagnosticSeverity.Information : SEVERITY[severity];
  const diagnostic = new vscode.Diagnostic(findingRange(finding), finding.message, level);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.rule, target: ruleDocsUri(finding.rule) };
  return diagnostic;
}

/** A warning on a suppression comment that is invalid or expired, linking to the README's suppression section. */
export function suppressionProblemToDiagnostic(problem: SuppressionProblem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.line - 1, problem.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: SuppressionCode[problem.kind], target: vscode.Uri.from({ ...README, fragment: 'suppressions' }) };
  return diagnostic;
}
