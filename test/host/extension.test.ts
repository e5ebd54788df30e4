import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';

const EXTENSION_ID = 'cosmos-guard.cosmos-guard';

interface Manifest {
  readonly contributes: { readonly commands: readonly { readonly command: string }[]; readonly views?: Record<string, readonly { readonly id: string }[]> };
}

describe('the extension in a real extension host', () => {
  it('is found by its id and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers exactly the commands package.json contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds `<view id>.focus`, `.open`, … for every contributed view; those are not ours to register.
    const views = Object.values(manifest.contributes.views ?? {}).flat().map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('cosmosGuard.') && !views.some((view) => id.startsWith(view))).sort();
    assert.deepEqual(registered, declared);
    assert.deepEqual(declared, Object.values(CommandId).sort());
  });

  it('sees the test workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]!.uri.path.endsWith('/workspace'), true, folders[0]!.uri.toString());
  });
});
