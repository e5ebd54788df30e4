// The workspace scan in a real extension host (local folders in its worker, see localScanWorker.test.ts): what it scans and skips, how results
// live on (closing, rescanning, deleting, renaming, changing files on disk), and stopping it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { CommandId } from '../../src/platform/commandIds';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitForDiagnostics } from './support/waitFor';
import {
  closeAllEditors, EXTENSION_ID, fileEventsDelivered, openFile, removeWorkspacePath, scanWorkspace, setSetting, workspaceUri, writeWorkspaceFile,
} from './support/workspaceFiles';

const conn = (seed: number): string => `AccountEndpoint=https://ws${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;
const has = (path: string): boolean => cosmosGuardDiagnostics(workspaceUri(path)).length > 0;

describe('workspace scan', () => {
  let api: CosmosGuardTestApi;
  before(async () => {
    api = await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await closeAllEditors();
    for (const [section, key] of [['cosmosGuard', 'scan.exclude'], ['cosmosGuard', 'scan.maxFileSize'], ['cosmosGuard', 'scan.respectGitignore'],
      ['files', 'exclude'], ['search', 'exclude']]) await setSetting(section!, key!, undefined);
    for (const p of ['ws-a', 'ws-b', 'ws-c']) await removeWorkspacePath(p);
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  it('scans every file, dot-files too, honouring .gitignore, files.exclude, search.exclude and cosmosGuard.scan.exclude', async () => {
    const files: Record<string, string | Uint8Array> = {
      'ws-a/.env': `COSMOS=${conn(1)}\n`,
      'ws-a/src/app.js': `module.exports = "${conn(2)}";\n`,
      'ws-a/.gitignore': 'ignored/\n*.log\n',
      'ws-a/ignored/secret.js': `x("${conn(3)}")\n`,
      'ws-a/debug.log': `${conn(4)}\n`,
      'ws-a/node_modules/pkg/index.js': `x("${conn(5)}")\n`,
      'ws-a/generated/out.js': `x("${conn(6)}")\n`,
      'ws-a/fixtures/keys.txt': `COSMOS_KEY=${identifiableKey(seededRandom(7))}\n`,
      'ws-a/image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from(conn(8))]),
      'ws-a/big.txt': `${'x'.repeat(3000)}\n${conn(9)}\n`,
      'ws-a/latin1.properties': Buffer.concat([Buffer.from('# caf\xe9 r\xe9sum\xe9\ncosmos.connection=', 'latin1'), Buffer.from(conn(10))]),
    };
    for (const [path, content] of Object.entries(files)) await writeWorkspaceFile(path, content);
    await setSetting('files', 'exclude', { '**/.git': true, '**/generated': true });
    await setSetting('cosmosGuard', 'scan.exclude', ['ws-a/fixtures/**']);
    await setSetting('cosmosGuard', 'scan.maxFileSize', 2048);

    const summary = await scanWorkspace();
    assert.equal(summary.cancelled, false);
    const found = ['ws-a/.env', 'ws-a/src/app.js', 'ws-a/latin1.properties'];
    for (const path of found) assert.ok(has(path), `${path} should have a finding`);
    for (const path of ['ws-a/ignored/secret.js', 'ws-a/debug.log', 'ws-a/node_modules/pkg/index.js', 'ws-a/generated/out.js', 'ws-a/fixtures/keys.txt',
      'ws-a/image.png', 'ws-a/big.txt']) assert.ok(!has(path), `${path} should not have been scanned`);
    assert.ok(summary.skipped.binary >= 1, JSON.stringify(summary));
    assert.ok(summary.skipped.tooLarge >= 1, JSON.stringify(summary));
    assert.ok(summary.skipped.excluded >= 5, JSON.stringify(summary));
    assert.ok(summary.findings >= 3);

    // With .gitignore no longer respected, the ignored files are scanned too.
    await setSetting('cosmosGuard', 'scan.respectGitignore', false);
    await scanWorkspace();
    for (const path of [...found, 'ws-a/ignored/secret.js', 'ws-a/debug.log']) assert.ok(has(path), `${path} should have a finding now`);
    assert.ok(!has('ws-a/node_modules/pkg/index.js'), 'search.exclude still applies');
  });

  it('keeps results after files close, and a rescan replaces a file\'s findings', async () => {
    const uri = await writeWorkspaceFile('ws-b/a.js', `const c = "${conn(11)}";\n`);
    await scanWorkspace();
    assert.ok(has('ws-b/a.js'));
    await openFile(uri);
    // Closing the editor drops nothing: the live scanner's close handling keeps findings of files on disk (and runs
    // synchronously when VS Code closes the document, which it may do only later).
    await closeAllEditors();
    assert.ok(has('ws-b/a.js'), 'findings persist after the file closes');

    // Unsaved edits count while open; closing without saving brings back what is on disk.
    const editor = await openFile(uri);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, 1, 0), 'const c = process.env.C;\n'));
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the finding to go with the unsaved edit');
    await closeAllEditors();
    await waitForDiagnostics(uri, (d) => d.length === 1, 'the finding on disk to come back after closing without saving');

    fs.writeFileSync(uri.fsPath, 'const c = process.env.C;\n');
    await vscode.commands.executeCommand(CommandId.stopScan); // nothing running: a no-op
    await scanWorkspace();
    assert.ok(!has('ws-b/a.js'), 'the rescan replaced the file\'s findings');
  });

  it('drops findings of deleted and renamed files, and rescans files that change on disk while findings exist', async () => {
    const a = await writeWorkspaceFile('ws-c/a.js', `const c = "${conn(12)}";\n`);
    const b = await writeWorkspaceFile('ws-c/b.js', `const c = "${conn(13)}";\n`);
    const c = await writeWorkspaceFile('ws-c/c.js', `const c = "${conn(14)}";\n`);
    await writeWorkspaceFile('ws-c/sub/d.js', `const c = "${conn(15)}";\n`);
    await fileEventsDelivered(); // the watcher reacts to what happens from now on, not to earlier events
    await scanWorkspace();
    for (const p of ['ws-c/a.js', 'ws-c/b.js', 'ws-c/c.js', 'ws-c/sub/d.js']) assert.ok(has(p), p);

    await vscode.workspace.fs.delete(a);
    await waitForDiagnostics(a, (d) => d.length === 0, 'a deleted file to lose its findings');

    const renamed = workspaceUri('ws-c/renamed.js');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(b, renamed);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(b, (d) => d.length === 0, 'the old name to lose its findings');
    await waitForDiagnostics(renamed, (d) => d.length === 1, 'the new name to be scanned');

    // Changed outside VS Code: the watcher rescans it (the finding moves to line 3).
    fs.writeFileSync(c.fsPath, `// moved\n\nconst c = "${conn(14)}";\n`);
    await waitForDiagnostics(c, (d) => d.length === 1 && d[0]!.range.start.line === 2, 'the changed file to be rescanned');
    const created = workspaceUri('ws-c/new.env');
    fs.writeFileSync(created.fsPath, `NEW=${conn(16)}\n`);
    await waitForDiagnostics(created, (d) => d.length === 1, 'a new file to be scanned while findings exist');

    fs.rmSync(workspaceUri('ws-c/sub').fsPath, { recursive: true });
    await waitForDiagnostics(workspaceUri('ws-c/sub/d.js'), (d) => d.length === 0, 'a deleted folder\'s files to lose their findings');
  });

  it('stops a running scan with "Stop Scan", keeping what it found so far', async () => {
    for (let i = 0; i < 40; i++) {
      const dir = `ws-c/many/d${i}`;
      fs.mkdirSync(workspaceUri(dir).fsPath, { recursive: true });
      for (let j = 0; j < 50; j++) fs.writeFileSync(workspaceUri(`${dir}/f${j}.txt`).fsPath, `value ${i} ${j} == ${j}\n`);
    }
    // One leak among the first files listed: its diagnostic says the scan is under way, with ~2,000 files to go.
    const first = workspaceUri('ws-c/many/d0/a-leak.js');
    fs.writeFileSync(first.fsPath, `const c = "${conn(17)}";\n`);
    await vscode.commands.executeCommand(CommandId.clearFindings); // nothing but the scan publishes for it now
    api.scanner.holdNextLocalScanAt('ws-c/many/d0/a-leak.js'); // still running when it is stopped, however fast the machine
    const running = vscode.commands.executeCommand<{ cancelled: boolean; filesScanned: number; filesListed: number } | undefined>(CommandId.scanWorkspace, { silent: true });
    await waitForDiagnostics(first, (d) => d.length === 1, 'the scan to reach the first leak');
    assert.equal(await vscode.commands.executeCommand(CommandId.stopScan), true, 'a scan was running');
    const summary = await running;
    assert.ok(summary);
    assert.equal(summary.cancelled, true);
    assert.ok(summary.filesScanned < summary.filesListed, JSON.stringify(summary));
    assert.ok(has('ws-c/many/d0/a-leak.js'), 'what it found so far is kept');
    assert.equal(await vscode.commands.executeCommand(CommandId.stopScan), false, 'nothing runs any more');
  });

  it('tells a user who starts a second scan that one is running, and runs only one', async () => {
    const first = vscode.commands.executeCommand(CommandId.scanWorkspace, { silent: true });
    const second = await vscode.commands.executeCommand(CommandId.scanWorkspace, { silent: true });
    assert.equal(second, undefined);
    assert.ok(await first);
  });
});
