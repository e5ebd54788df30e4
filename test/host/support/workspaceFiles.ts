import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../../src/platform/commandIds';
import { type WorkspaceScanSummary } from '../../../src/features/scanner/workspaceScanner';
import { nextEvent } from './waitFor';

export const EXTENSION_ID = 'cosmos-guard.cosmos-guard';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests need a workspace folder');
  return folder.uri;
}

export function workspaceUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relativePath.split('/'));
}

export async function writeWorkspaceFile(relativePath: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = workspaceUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return uri;
}

export async function readWorkspaceFile(relativePath: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(relativePath)));
  } catch {
    return undefined;
  }
}

export async function removeWorkspacePath(relativePath: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(workspaceUri(relativePath), { recursive: true, useTrash: false });
  } catch { /* already gone */ }
}

export async function openFile(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Sets (or, with undefined, removes) a workspace-level setting. */
export async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function scanWorkspace(): Promise<WorkspaceScanSummary> {
  const summary = await vscode.commands.executeCommand<WorkspaceScanSummary | undefined>(CommandId.scanWorkspace, { silent: true });
  assert.ok(summary, 'the workspace scan did not run (another one was running?)');
  return summary;
}

/** Closes every editor, reverting unsaved changes first, so no "Save?" question blocks the next test. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand(document.isUntitled ? 'workbench.action.revertAndCloseActiveEditor' : 'workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Waits until VS Code's file events have caught up: writes and deletes a sentinel file and waits for a watcher to
 * see both. Events arrive in order, so every change made before has been delivered to every watcher by then.
 */
let sentinels = 0;

export async function fileEventsDelivered(): Promise<void> {
  const sentinel = workspaceUri(`.events-${++sentinels}.tmp`);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceRoot(), sentinel.path.slice(sentinel.path.lastIndexOf('/') + 1)));
  try {
    const created = nextEvent(watcher.onDidCreate, 'the file watcher to report a new file');
    await vscode.workspace.fs.writeFile(sentinel, new Uint8Array());
    await created;
    const deleted = nextEvent(watcher.onDidDelete, 'the file watcher to report a deleted file');
    await vscode.workspace.fs.delete(sentinel);
    await deleted;
  } finally {
    watcher.dispose();
  }
}
