import * as vscode from 'vscode';
import { ruleById, type Finding, type Severity } from '../../core/detection';

/** The `source` of every Cosmos Guard diagnostic (shown in the Problems panel, used by filters). */
export const DIAGNOSTIC_SOURCE = 'Cosmos Guard';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule's section in the README, linked from the diagnostic's code. */
export function ruleDocsUri(ruleId: string): vscode.Uri {
  const fragment = ruleById(ruleId)?.docsAnchor ?? `rule-${ruleId}`;
  return vscode.Uri.from({ scheme: 'https', authority: 'github.com', path: '/cosmos-guard/cosmos-guard', fragment });
}

/**
 * A diagnostic whose range covers only the secret. Its message comes from the core, which never includes the
 * secret: other extensions can read diagnostics.
 */
export function findingToDiagnostic(finding: Finding): vscode.Diagnostic {
  // Findings are 1-based with an exclusive end column; VS Code positions are 0-based with an exclusive end.
  const range = new vscode.Range(finding.line - 1, finding.column - 1, finding.endLine - 1, finding.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.rule, target: ruleDocsUri(finding.rule) };
  return diagnostic;
}
