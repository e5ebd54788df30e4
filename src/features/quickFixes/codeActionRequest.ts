import * as vscode from 'vscode';
import { type FileScan } from '../scanner/findingsStore';

/**
 * True for the requests Cosmos Guard's quick-fixes answer: the light bulb and explicit quick-fix requests. Never
 * on save — an automatic request with a kind filter is `editor.codeActionsOnSave` (the light bulb asks without one)
 * — and never for other kinds ("fix all", refactorings).
 */
export function isQuickFixRequest(context: vscode.CodeActionContext): boolean {
  if (context.only && context.triggerKind === vscode.CodeActionTriggerKind.Automatic) return false;
  return !(context.only && context.only.value !== '' && !context.only.intersects(vscode.CodeActionKind.QuickFix));
}

/** The rule id a diagnostic carries in its code (`{ value, target }` for Cosmos Guard's). */
export function diagnosticRule(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

/** Stored offsets are only trusted when the findings come from the document's very text. */
export function findingsMatchDocument(scan: FileScan, document: vscode.TextDocument): boolean {
  return scan.origin === 'document' ? scan.version === document.version : !document.isDirty;
}

/** A quick-fix for `diagnostic` that runs `command` (every Cosmos Guard fix is a command that re-finds its target). */
export function quickFixAction(title: string, command: string, args: unknown[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command, arguments: args };
  return action;
}
