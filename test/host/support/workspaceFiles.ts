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
 *
 * A watcher may miss the first sentinel: its registration travels to the server while the write does not wait for
 * it, and a server busy with thousands of changes (the stall test deletes 20,000 files at once) once never reported
 * it. So another sentinel is written every {@link REPOKE_MS} until the watcher reports one — any of them proves the
 * same. The interval only writes again; the wait is for the event, with the usual hang limit.
 */
let sentinels = 0;
const REPOKE_MS = 10_000;

export async function fileEventsDelivered(): Promise<void> {
  const prefix = `.events-${++sentinels}-`;
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceRoot(), `${prefix}*.tmp`));
  const written: vscode.Uri[] = [];
  const writeSentinel = async (): Promise<vscode.Uri> => {
    const uri = workspaceUri(`${prefix}${written.length}.tmp`);
    written.push(uri);
    await vscode.workspace.fs.writeFile(uri, new Uint8Array());
    return uri;
  };
  try {
    await pokeUntilSeen(watcher.onDidCreate, 'the file watcher to report a new file', writeSentinel);
    let first = true;
    await pokeUntilSeen(watcher.onDidDelete, 'the file watcher to report a deleted file', async () => {
      if (first) {
        first = false;
        for (const uri of written) await vscode.workspace.fs.delete(uri);
      } else {
        await vscode.workspace.fs.delete(await writeSentinel());
      }
    });
  } finally {
    watcher.dispose();
  }
}

/** Resolves on the next firing of `event`, calling `poke` at once and again every `repokeMs` until then. */
export async function pokeUntilSeen<T>(event: vscode.Event<T>, what: string, poke: () => Promise<unknown>, repokeMs = REPOKE_MS): Promise<T> {
  const seen = nextEvent(event, what).then((value) => ({ value }));
  seen.catch(() => undefined); // awaited below; a hang while a poke runs is reported there
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      await poke();
      const fired = await Promise.race([seen, new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), repokeMs); })]);
      if (fired) return fired.value;
    }
  } finally {
    clearTimeout(timer);
  }
}
