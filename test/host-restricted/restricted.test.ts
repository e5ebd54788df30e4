// Restricted Mode, for real: this suite's code-server runs with Workspace Trust on and a fresh profile, so the
// workspace opens untrusted. Its .vscode/settings.json tries to hide every finding; none of that may work, scanning
// must, quick-fixes (which write files) must not — until the user trusts the folder in the workbench UI.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, nextEvent, until, waitForDiagnostics } from '../host/support/waitFor';
import {
  EXTENSION_ID, openFile, readWorkspaceFile, removeWorkspacePath, scanWorkspace, workspaceRoot, writeWorkspaceFile,
} from '../host/support/workspaceFiles';

const UI_REQUEST_PREFIX = '[cosmos-guard:ui]';

function connectionString(seed: number): string {
  return `AccountEndpoint=https://restricted${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;
}

async function ourCodeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
  return actions.filter((a) => a.command?.command.startsWith('cosmosGuard.'));
}

describe('Restricted Mode (Workspace Trust on, folder not trusted)', () => {
  let leak: vscode.Uri;

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    leak = await writeWorkspaceFile('src/leak.js', `// ${'padding '.repeat(200)}\nconst conn = "${connectionString(1)}";\nmodule.exports = conn;\n`);
  });

  it('opens the folder untrusted, and Cosmos Guard runs (limited support)', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
  });

  it('ignores the workspace values of restricted settings', () => {
    const scan = vscode.workspace.getConfiguration('cosmosGuard.scan');
    assert.equal(scan.get('liveScanning'), true);
    assert.deepEqual(scan.get('exclude'), []);
    assert.equal(scan.get('maxFileSize'), 5 * 1024 * 1024);
    assert.equal(scan.get('severity'), 'error');
    assert.deepEqual(scan.get('rules'), { 'cosmos-key-based-client': true });
  });

  it('scans open files live, with the user\'s severity', async () => {
    await openFile(leak);
    const [diagnostic] = await waitForDiagnostics(leak, (d) => d.length === 1, 'a live diagnostic in Restricted Mode');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
  });

  it('scans the workspace, not letting files.exclude, search.exclude or cosmosGuard.scan.* hide anything', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const summary = await scanWorkspace();
    assert.equal(summary.findings, 1, JSON.stringify(summary));
    assert.equal(summary.skipped.tooLarge, 0);
    assert.ok(summary.filesScanned >= 3, JSON.stringify(summary)); // README, settings.json, src/*.js
    assert.equal(cosmosGuardDiagnostics(leak).length, 1);
  });

  it('offers no quick-fix that changes files, and refuses to run them (checking which account uses the key changes nothing)', async () => {
    const editor = await openFile(leak);
    const [diagnostic] = await waitForDiagnostics(leak, (d) => d.length === 1, 'the diagnostic');
    // The provider returns its file-changing fixes disabled (the light bulb menu shows them greyed out, with the
    // reason); VS Code's executeCodeActionProvider lists only the applicable ones: the check, which reads only.
    assert.deepEqual((await ourCodeActions(leak, diagnostic!.range)).map((a) => a.title), ['Check which account uses this key…']);
    const target = { fingerprint: '', rule: 'cosmos-sql-connection-string', line: 2 };
    const before = editor.document.getText();
    assert.equal(await vscode.commands.executeCommand(CommandId.replaceWithEnvVariable, leak, target), undefined);
    assert.equal(await vscode.commands.executeCommand(CommandId.ignoreFinding, leak, target, { reason: 'x', until: '' }), undefined);
    assert.equal(await vscode.commands.executeCommand(CommandId.replaceWithKeyVaultReference, leak, target, { vault: 'kv-one', secretName: 's' }), undefined);
    assert.equal(await vscode.commands.executeCommand(CommandId.ignorePath, leak, { glob: 'src/**' }), undefined);
    assert.equal(editor.document.getText(), before);
    assert.equal(await readWorkspaceFile('.env'), undefined, 'no .env was written');
    assert.equal(vscode.workspace.getConfiguration('cosmosGuard.scan').inspect('exclude')?.globalValue, undefined);
  });

  it('exports SARIF to a file the user chooses', async () => {
    const target = vscode.Uri.file(path.join(os.tmpdir(), `cosmos-guard-restricted-${process.pid}.sarif`));
    await vscode.commands.executeCommand(CommandId.exportSarif, target);
    const log = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(target))) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(log.runs[0]!.results.map((r) => r.ruleId), ['cosmos-sql-connection-string']);
    await vscode.workspace.fs.delete(target);
  });

  it('scans files git tracks although .gitignore matches them, running nothing the repository configures', async () => {
    const marker = path.join(os.tmpdir(), `cosmos-guard-restricted-ran-${process.pid}`);
    const hook = path.join(os.tmpdir(), `cosmos-guard-restricted-hook-${process.pid}.sh`);
    fs.writeFileSync(hook, `#!/bin/sh\necho "$*" >> "${marker}"\n`, { mode: 0o755 });
    const git = (...args: string[]): void => {
      const r = spawnSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
      assert.equal(r.status, 0, r.stderr);
    };
    try {
      await writeWorkspaceFile('tracked/.gitignore', '*.env\n');
      const committed = await writeWorkspaceFile('tracked/committed.env', `K=${connectionString(2)}\n`);
      const local = await writeWorkspaceFile('tracked/local.env', `K=${connectionString(3)}\n`);
      git('init', '-q');
      git('add', '-f', 'tracked');
      git('rm', '-q', '--cached', 'tracked/local.env');
      git('commit', '-q', '-m', 'committed before it was ignored');
      // The repository now asks git to run a program whenever the index is read.
      git('config', 'core.fsmonitor', hook);
      await scanWorkspace();
      assert.equal(cosmosGuardDiagnostics(committed).length, 1, 'the tracked .env is scanned');
      assert.equal(cosmosGuardDiagnostics(local).length, 0, 'the untracked ignored one is not');
      assert.equal(fs.existsSync(marker), false, 'nothing the repository configures ran');
    } finally {
      await removeWorkspacePath('.git');
      await removeWorkspacePath('tracked');
      fs.rmSync(hook, { force: true });
      fs.rmSync(marker, { force: true });
    }
  });

  it('reports key-based Cosmos clients although the workspace turns the rule off, and will not rewrite them', async () => {
    const text = "const { CosmosClient } = require('@azure/cosmos');\nconst client = new CosmosClient({ endpoint, key: process.env.COSMOS_KEY });\n";
    const client = await writeWorkspaceFile('src/client.js', text);
    try {
      const editor = await openFile(client);
      const [diagnostic] = await waitForDiagnostics(client, (d) => d.length === 1, 'the key-based client in Restricted Mode');
      assert.equal((diagnostic!.code as { value: string }).value, 'cosmos-key-based-client');
      assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual(await ourCodeActions(client, diagnostic!.range), [], 'the rewrite and the ignore fixes are disabled');
      const target = { fingerprint: '', rule: 'cosmos-key-based-client', line: 2 };
      assert.equal(await vscode.commands.executeCommand(CommandId.useEntraIdCredential, client, target), undefined);
      assert.equal(editor.document.getText(), text);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(client);
    }
  });

  it('turns the quick-fixes on once the user trusts the folder, and then honours the workspace settings', async () => {
    const granted = nextEvent(vscode.workspace.onDidGrantWorkspaceTrust, 'trust to be granted through the UI');
    await vscode.commands.executeCommand('workbench.trust.manage');
    console.log(`${UI_REQUEST_PREFIX} grant-workspace-trust`);
    await granted;
    assert.equal(vscode.workspace.isTrusted, true);

    await openFile(leak);
    // The workspace's own settings now apply: live scanning is off and everything is excluded.
    await until(() => (vscode.workspace.getConfiguration('cosmosGuard.scan').get('liveScanning') === false ? true : undefined),
      [vscode.workspace.onDidChangeConfiguration], () => 'the workspace\'s cosmosGuard.scan.liveScanning to apply');
    const summary = await scanWorkspace();
    assert.equal(summary.findings, 0, JSON.stringify(summary));
    await waitForDiagnostics(leak, (d) => d.length === 0, 'findings to go once the workspace excludes everything');

    await vscode.workspace.getConfiguration('cosmosGuard.scan').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('search').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('cosmosGuard.scan').update('maxFileSize', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand(CommandId.scanCurrentFile);
    const [diagnostic] = await waitForDiagnostics(leak, (d) => d.length === 1, 'the finding once the exclude is removed');
    const actions = await ourCodeActions(leak, diagnostic!.range);
    assert.deepEqual(actions.map((a) => a.command?.command),
      [CommandId.replaceWithEnvVariable, CommandId.checkWhichAccount, CommandId.ignoreFinding, CommandId.ignorePath]);
    const result = await vscode.commands.executeCommand<{ name: string }>(actions[0]!.command!.command, ...(actions[0]!.command!.arguments as unknown[]));
    assert.equal(result.name, 'COSMOS_CONNECTION_STRING');
    assert.match(await readWorkspaceFile('.env') ?? '', /^COSMOS_CONNECTION_STRING='AccountEndpoint=https:\/\/restricted1\./);
  });
});
