import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { EMULATOR_KEY } from '../support/emulatorKey';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import { type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { cosmosGuardDiagnostics, until, waitForDiagnostics } from './support/waitFor';

const workspaceRoot = (): vscode.Uri => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host tests need a workspace folder');
  return folder.uri;
};

async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function openFile(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function setScanSetting(key: 'liveScanning' | 'emulatorKey', value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration('cosmosGuard');
  await config.update(`scan.${key}`, value, vscode.ConfigurationTarget.Workspace);
}

/** The range a diagnostic must have to cover exactly `secret` in `document`. */
function rangeOf(document: vscode.TextDocument, secret: string): vscode.Range {
  const start = document.getText().indexOf(secret);
  assert.ok(start >= 0, 'the secret is not in the document');
  return new vscode.Range(document.positionAt(start), document.positionAt(start + secret.length));
}

describe('leak scanner diagnostics', () => {
  let api: CosmosGuardTestApi;
  before(async () => {
    api = (await vscode.extensions.getExtension<CosmosGuardTestApi>('cosmos-guard.cosmos-guard')!.activate());
  });

  afterEach(async () => {
    await setScanSetting('liveScanning', undefined);
    await setScanSetting('emulatorKey', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags a hard-coded connection string on open, covering exactly the key and never repeating it', async () => {
    const key = legacyKey(seededRandom(7));
    const uri = await writeWorkspaceFile('src/leaky.js',
      `// Reads orders.\nconst conn = "AccountEndpoint=https://demo.documents.azure.com:443/;AccountKey=${key};";\nmodule.exports = conn;\n`);
    const editor = await openFile(uri);

    const [diagnostic, ...others] = await waitForDiagnostics(uri, (d) => d.length > 0, 'a diagnostic on src/leaky.js');
    assert.ok(diagnostic);
    assert.deepEqual(others, []);
    assert.equal(diagnostic.source, 'Cosmos Guard');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diagnostic.range.isEqual(rangeOf(editor.document, key)), `range ${JSON.stringify(diagnostic.range)}`);
    assert.equal(editor.document.getText(diagnostic.range), key);

    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'cosmos-sql-connection-string');
    assert.equal(code.target.toString(true), 'https://github.com/cosmos-guard/cosmos-guard#rule-cosmos-sql-connection-string');
    assert.match(diagnostic.message, /NoSQL/);
    assert.match(diagnostic.message, /demo\.documents\.azure\.com/);
    for (const text of [diagnostic.message, code.value, code.target.toString()]) {
      assert.ok(!text.includes(key), 'the key leaked into the diagnostic');
      assert.ok(!text.includes(key.slice(0, 20)), 'the start of the key leaked into the diagnostic');
    }
  });

  it('rescans while typing, and clears the diagnostic when the secret is deleted or the document closed', async () => {
    const key = identifiableKey(seededRandom(11));
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'COSMOS_ENDPOINT=https://shop.documents.azure.com:443/\n' });
    const editor = await vscode.window.showTextDocument(document);
    assert.deepEqual(cosmosGuardDiagnostics(document.uri), []);

    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `COSMOS_KEY=${key}\n`));
    const [diagnostic] = await waitForDiagnostics(document.uri, (d) => d.length === 1, 'a diagnostic after typing the key');
    assert.equal(document.getText(diagnostic!.range), key);

    await editor.edit((edit) => edit.delete(document.lineAt(1).rangeIncludingLineBreak));
    await waitForDiagnostics(document.uri, (d) => d.length === 0, 'the diagnostic to go once the key is deleted');

    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `COSMOS_KEY=${key}\n`));
    await waitForDiagnostics(document.uri, (d) => d.length === 1, 'the diagnostic to come back');
    // Reverting an untitled document closes it for good (and asks no "Save?" question).
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await until(() => (document.isClosed ? true : undefined), [vscode.workspace.onDidCloseTextDocument], () => 'the untitled document to close');
    assert.deepEqual(cosmosGuardDiagnostics(document.uri), []);
  });

  it('scans on demand with "Scan Current File" when live scanning is off, and clears when it is turned off', async () => {
    await setScanSetting('liveScanning', false);
    const key = legacyKey(seededRandom(21));
    const uri = await writeWorkspaceFile('src/manual.js',
      `const client = new CosmosClient("AccountEndpoint=https://manual.documents.azure.com:443/;AccountKey=${key};");\n`);
    await openFile(uri);
    await api.scanner.liveScansIdle(); // whatever opening the file set off has been published: nothing may appear on its own
    assert.deepEqual(cosmosGuardDiagnostics(uri), []);

    const found = await vscode.commands.executeCommand<number | undefined>(CommandId.scanCurrentFile);
    assert.equal(found, 1);
    assert.equal(cosmosGuardDiagnostics(uri).length, 1);

    await setScanSetting('liveScanning', true);
    await setScanSetting('liveScanning', false);
    await waitForDiagnostics(uri, (d) => d.length === 0, 'diagnostics to be cleared when live scanning is turned off');
  });

  it('reports nothing for a clean file', async () => {
    await openFile(vscode.Uri.joinPath(workspaceRoot(), 'src', 'app.js'));
    const found = await vscode.commands.executeCommand<number | undefined>(CommandId.scanCurrentFile);
    assert.equal(found, 0);
    assert.deepEqual(cosmosGuardDiagnostics(vscode.Uri.joinPath(workspaceRoot(), 'src', 'app.js')), []);
  });

  it('reports the public emulator key only when cosmosGuard.scan.emulatorKey is "inform"', async () => {
    const uri = await writeWorkspaceFile('local.settings.json',
      `{ "Values": { "CosmosDb": "AccountEndpoint=https://localhost:8081/;AccountKey=${EMULATOR_KEY};" } }\n`);
    await openFile(uri);
    assert.equal(await vscode.commands.executeCommand<number | undefined>(CommandId.scanCurrentFile), 0);

    await setScanSetting('emulatorKey', 'inform');
    const [diagnostic] = await waitForDiagnostics(uri, (d) => d.length === 1, 'the emulator key reported as information');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Information);
    assert.equal((diagnostic!.code as { value: string }).value, 'cosmos-emulator-key');
    assert.ok(!diagnostic!.message.includes(EMULATOR_KEY.slice(0, 20)));

    await setScanSetting('emulatorKey', 'ignore');
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the emulator key to be dropped again');
  });
});
