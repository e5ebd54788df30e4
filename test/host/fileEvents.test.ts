// The host tests' own wait for VS Code's file events (support/workspaceFiles.ts): when the watcher misses the first
// sentinel, another is written until one is reported.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fileEventsDelivered, pokeUntilSeen, removeWorkspacePath, workspaceRoot, workspaceUri } from './support/workspaceFiles';

describe('waiting for file events', () => {
  after(async () => {
    await removeWorkspacePath('.poke-missed.tmp');
    await removeWorkspacePath('.poke-seen.tmp');
  });

  it('writes again until the watcher reports a file, when the first write is one it never reports', async () => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceRoot(), '.poke-seen.tmp'));
    const pokes: string[] = [];
    try {
      // The first poke writes a file the watcher does not match, as if its event were lost; the second, one it does.
      const created = await pokeUntilSeen(watcher.onDidCreate, 'the watcher to report the second write', async () => {
        const name = pokes.length === 0 ? '.poke-missed.tmp' : '.poke-seen.tmp';
        pokes.push(name);
        await vscode.workspace.fs.writeFile(workspaceUri(name), new Uint8Array());
      }, 200);
      assert.equal(created.path, workspaceUri('.poke-seen.tmp').path);
      assert.deepEqual(pokes.slice(0, 2), ['.poke-missed.tmp', '.poke-seen.tmp']);
    } finally {
      watcher.dispose();
    }
  });

  it('leaves no sentinel behind once the events are delivered', async () => {
    await fileEventsDelivered();
    const names = (await vscode.workspace.fs.readDirectory(workspaceRoot())).map(([name]) => name);
    assert.deepEqual(names.filter((n) => n.startsWith('.events-')), []);
  });
});
