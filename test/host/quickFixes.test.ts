// Each quick-fix, applied in a real extension host: the code actions the light bulb gets, the command each runs,
// and the resulting text of the file, `.env`, `.gitignore`, `.cosmosguardignore` and settings.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitFor, waitForDiagnostics } from './support/waitFor';
import {
  closeAllEditors, EXTENSION_ID, openFile, readWorkspaceFile, removeWorkspacePath, setSetting, workspaceUri, writeWorkspaceFile,
} from './support/workspaceFiles';

const key = (seed: number): string => legacyKey(seededRandom(seed), { alphanumericOnly: true });
const conn = (seed: number): string => `AccountEndpoint=https://qf${seed}.documents.azure.com:443/;AccountKey=${key(seed)};`;

interface Offered {
  readonly diagnostic: vscode.Diagnostic;
  readonly actions: vscode.CodeAction[];
}

/** A secret's diagnostic (not the `cosmos-key-based-client` note a file constructing a client also gets). */
const isSecret = (d: vscode.Diagnostic): boolean => (d.code as { value: string }).value !== 'cosmos-key-based-client';
/** A fix for a secret: not one of the key-based client's (which the light bulb shows too when the ranges overlap). */
const isSecretFix = (a: vscode.CodeAction): boolean => a.command?.command !== CommandId.useEntraIdCredential
  && (a.command?.arguments?.[1] as { rule?: string } | undefined)?.rule !== 'cosmos-key-based-client';

/** Opens `uri`, waits for its one secret, and returns the Cosmos Guard quick-fixes VS Code offers for it. */
async function offered(uri: vscode.Uri): Promise<Offered> {
  await openFile(uri);
  const [diagnostic] = (await waitForDiagnostics(uri, (d) => d.filter(isSecret).length === 1, `one finding in ${uri.path}`)).filter(isSecret);
  const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
  return { diagnostic: diagnostic!, actions: all.filter((a) => a.command?.command.startsWith('cosmosGuard.') && isSecretFix(a)) };
}

function run<T>(action: vscode.CodeAction, ...extra: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(action.command!.command, ...(action.command!.arguments as unknown[]), ...extra);
}

/** Writes a file and waits until VS Code's model of it (if any) has the new text, as a user's editor would. */
async function writeAndSync(relativePath: string, text: string): Promise<void> {
  const uri = await writeWorkspaceFile(relativePath, text);
  const document = await vscode.workspace.openTextDocument(uri);
  await waitFor(() => (document.getText() === text ? true : undefined), () => `${relativePath} to be reloaded`);
}

async function documentText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}

describe('quick-fixes', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  beforeEach(async () => {
    for (const p of ['.env', '.gitignore', '.cosmosguardignore', 'qf']) await removeWorkspacePath(p);
  });

  afterEach(async () => {
    await closeAllEditors();
    await setSetting('cosmosGuard', 'scan.exclude', undefined);
    for (const p of ['.env', '.gitignore', '.cosmosguardignore', 'qf']) await removeWorkspacePath(p);
  });

  it('offers at most four fixes per finding, exactly one preferred, and none for "fix all" or on save', async () => {
    const uri = await writeWorkspaceFile('qf/offer.js', `const c = "${conn(1)}";\n`);
    const { diagnostic, actions } = await offered(uri);
    assert.deepEqual(actions.map((a) => a.title), ['Replace with environment variable COSMOS_CONNECTION_STRING',
      'Check which account uses this key…', 'Ignore this finding…', 'Ignore this file or folder…']);
    assert.deepEqual(actions.map((a) => a.isPreferred ?? false), [true, false, false, false]);
    assert.ok(actions.every((a) => a.kind?.value === 'quickfix'));
    for (const kind of ['source.fixAll', 'source', 'refactor']) {
      const other = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, kind);
      assert.deepEqual(other.filter((a) => a.command?.command.startsWith('cosmosGuard.')), [], kind);
    }
  });

  it('applies nothing on save, even with quick-fixes requested in editor.codeActionsOnSave', async () => {
    await setSetting('editor', 'codeActionsOnSave', { quickfix: 'explicit', 'source.fixAll': 'explicit' });
    try {
      const text = `const c = "${conn(12)}";\n`;
      const uri = await writeWorkspaceFile('qf/save.js', text);
      const editor = await openFile(uri);
      await waitForDiagnostics(uri, (d) => d.length === 1, 'the finding');
      await editor.edit((e) => e.insert(new vscode.Position(1, 0), '// edited\n'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      await waitFor(() => (!editor.document.isDirty ? true : undefined), () => 'the save');
      assert.equal(editor.document.getText(), `${text}// edited\n`);
      assert.equal(await readWorkspaceFile('.env'), undefined);
    } finally {
      await setSetting('editor', 'codeActionsOnSave', undefined);
    }
  });

  it('replaces a JavaScript connection string with process.env, creating .env and .gitignore', async () => {
    const uri = await writeWorkspaceFile('qf/db.js', `// Orders\nconst connectionString =\n  '${conn(2)}';\nmodule.exports = connectionString;\n`);
    const { actions } = await offered(uri);
    const result = await run<{ name: string; createdEnv: boolean; addedToGitignore: boolean }>(actions.find((a) => a.isPreferred)!);
    assert.deepEqual([result.name, result.createdEnv, result.addedToGitignore], ['COSMOS_CONNECTION_STRING', true, true]);
    assert.equal(await documentText(uri), '// Orders\nconst connectionString =\n  process.env.COSMOS_CONNECTION_STRING;\nmodule.exports = connectionString;\n');
    assert.equal(await readWorkspaceFile('.env'), `COSMOS_CONNECTION_STRING='${conn(2)}'\n`);
    assert.equal(await readWorkspaceFile('.gitignore'), '.env\n');
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the finding to go once the secret moved');
  });

  it('replaces a Python URI with os.environ, adds "import os", and never overwrites a different value in .env', async () => {
    await writeAndSync('.env', 'PORT=3000\nCOSMOS_MONGODB_URI=mongodb://localhost:27017');
    await writeAndSync('.gitignore', 'node_modules/\n.env*\n');
    const uri = `mongodb://qf3:${encodeURIComponent(key(3))}@qf3.mongo.cosmos.azure.com:10255/?ssl=true`;
    const file = await writeWorkspaceFile('qf/report.py', `"""Nightly report."""\nimport datetime\n\nMONGO_URI = "${uri}"\n`);
    const { actions } = await offered(file);
    assert.equal(actions[0]!.title, 'Replace with environment variable COSMOS_MONGODB_URI');
    const result = await run<{ name: string; addedToGitignore: boolean }>(actions[0]!);
    assert.equal(result.name, 'COSMOS_MONGODB_URI_2');
    assert.equal(result.addedToGitignore, false);
    assert.equal(await documentText(file), '"""Nightly report."""\nimport os\nimport datetime\n\nMONGO_URI = os.environ["COSMOS_MONGODB_URI_2"]\n');
    const env = await documentText(workspaceUri('.env'));
    assert.equal(env, `PORT=3000\nCOSMOS_MONGODB_URI=mongodb://localhost:27017\nCOSMOS_MONGODB_URI_2='${uri}'\n`);
    assert.equal(await readWorkspaceFile('.env'), env, '.env is saved');
    assert.equal(await readWorkspaceFile('.gitignore'), 'node_modules/\n.env*\n', '.gitignore already ignored .env');
  });

  it('reuses a variable that already holds the same value, leaving .env as it was', async () => {
    const ident = identifiableKey(seededRandom(4));
    await writeAndSync('.env', `COSMOS_KEY=${ident}\n`);
    await writeAndSync('.gitignore', '.env\n');
    const file = await writeWorkspaceFile('qf/Client.cs', `using Microsoft.Azure.Cosmos;\nvar client = new CosmosClient("https://qf4.documents.azure.com", "${ident}");\n`);
    const { actions } = await offered(file);
    const result = await run<{ name: string; addedToEnv: boolean }>(actions[0]!);
    assert.deepEqual([result.name, result.addedToEnv], ['COSMOS_KEY', false]);
    assert.equal(await documentText(file),
      'using System;\nusing Microsoft.Azure.Cosmos;\nvar client = new CosmosClient("https://qf4.documents.azure.com", Environment.GetEnvironmentVariable("COSMOS_KEY"));\n');
    assert.equal(await readWorkspaceFile('.env'), `COSMOS_KEY=${ident}\n`);
  });

  it('replaces an appsettings.json value with a Key Vault reference, validating the names', async () => {
    const file = await writeWorkspaceFile('qf/appsettings.json', `{\n  "ConnectionStrings": {\n    "Orders": "${conn(5)}"\n  }\n}\n`);
    const { actions } = await offered(file);
    assert.deepEqual(actions.map((a) => a.title), ['Replace with Key Vault reference…', 'Check which account uses this key…', 'Ignore this finding…',
      'Ignore this file or folder…']);
    assert.equal(actions[0]!.isPreferred, true);
    const before = await documentText(file);
    assert.equal(await run(actions[0]!, { vault: 'bad--name', secretName: 'Orders' }), undefined, 'an invalid vault name is refused');
    assert.equal(await documentText(file), before);
    const result = await run<{ reference: string }>(actions[0]!, { vault: 'Contoso-KV', secretName: 'Orders' });
    assert.equal(result.reference, '@Microsoft.KeyVault(SecretUri=https://contoso-kv.vault.azure.net/secrets/Orders/)');
    assert.equal(await documentText(file), `{\n  "ConnectionStrings": {\n    "Orders": "${result.reference}"\n  }\n}\n`);
    await waitForDiagnostics(file, (d) => d.length === 0, 'the finding to go');
  });

  it('ignores a finding with a suppression comment in the file\'s syntax, with a reason and an expiry date', async () => {
    const file = await writeWorkspaceFile('qf/settings.yaml', `cosmos:\n    key: ${identifiableKey(seededRandom(6))}\n`);
    const { actions } = await offered(file);
    const ignore = actions.find((a) => a.command?.command === CommandId.ignoreFinding)!;
    assert.equal(await run(ignore, { reason: '', until: '' }), undefined, 'a reason is required');
    const result = await run<{ kind: string }>(ignore, { reason: 'shared test account', until: '2999-12-31' });
    assert.equal(result.kind, 'comment');
    assert.equal((await documentText(file)).split('\n')[1], '    # cosmos-guard-ignore cosmos-identifiable-key reason=shared test account until=2999-12-31');
    await waitForDiagnostics(file, (d) => d.length === 0, 'the suppressed finding to go');
  });

  it('ignores a finding in JSON (no comments) with a .cosmosguardignore entry', async () => {
    const file = await writeWorkspaceFile('qf/config.json', `{ "cosmos": "${conn(7)}" }\n`);
    const { actions } = await offered(file);
    const ignore = actions.find((a) => a.command?.command === CommandId.ignoreFinding)!;
    const fingerprint = (ignore.command!.arguments![1] as { fingerprint: string }).fingerprint;
    const result = await run<{ kind: string }>(ignore, { reason: 'read-only key of the test account', until: '' });
    assert.equal(result.kind, 'ignoreFile');
    assert.equal(await documentText(file), `{ "cosmos": "${conn(7)}" }\n`, 'the JSON file is unchanged');
    const ignoreFile = await readWorkspaceFile('.cosmosguardignore');
    assert.match(ignoreFile ?? '', new RegExp(`^# Cosmos Guard suppressions[^\\n]*\\n#[^\\n]*\\nqf/config\\.json ${fingerprint} reason=read-only key of the test account\\n$`));
    await waitForDiagnostics(file, (d) => d.length === 0, 'the finding to be suppressed by .cosmosguardignore');
  });

  it('ignores a file or folder by adding a glob to cosmosGuard.scan.exclude', async () => {
    const file = await writeWorkspaceFile('qf/fixtures/keys.txt', `COSMOS_KEY=${identifiableKey(seededRandom(8))}\n`);
    const { actions } = await offered(file);
    const ignorePath = actions.find((a) => a.command?.command === CommandId.ignorePath)!;
    assert.deepEqual(await run(ignorePath, { glob: 'qf/fixtures/**' }), { glob: 'qf/fixtures/**' });
    assert.deepEqual(vscode.workspace.getConfiguration('cosmosGuard.scan').inspect('exclude')?.workspaceValue, ['qf/fixtures/**']);
    await waitForDiagnostics(file, (d) => d.length === 0, 'the excluded file\'s finding to go');
    assert.equal(await vscode.commands.executeCommand(CommandId.scanCurrentFile), undefined, 'Scan Current File says the file is excluded');
  });

  it('offers only the check and the "ignore" fixes where no replacement is correct (a .env file, a Kubernetes manifest)', async () => {
    for (const [path, text] of [['qf/.env', `COSMOS=${conn(9)}\n`], ['qf/k8s/deploy.yaml', `env:\n  - name: COSMOS\n    value: "${conn(10)}"\n`]] as const) {
      const { actions } = await offered(await writeWorkspaceFile(path, text));
      assert.deepEqual(actions.map((a) => a.command?.command), [CommandId.checkWhichAccount, CommandId.ignoreFinding, CommandId.ignorePath], path);
      assert.ok(actions.every((a) => !a.isPreferred), path);
    }
  });

  it('moves just the key, spliced into the literal, when the literal holds more than a connection string', async () => {
    const k = key(11);
    const file = await writeWorkspaceFile('qf/log.ts', `log(\`connecting with AccountKey=${k}; to qf11.documents.azure.com\`);\n`);
    const { actions } = await offered(file);
    assert.equal(actions[0]!.title, 'Replace with environment variable COSMOS_KEY');
    await run(actions[0]!);
    assert.equal(await documentText(file), 'log(`connecting with AccountKey=` + process.env.COSMOS_KEY + `; to qf11.documents.azure.com`);\n');
    assert.equal(await readWorkspaceFile('.env'), `COSMOS_KEY=${k}\n`);
    await waitForDiagnostics(file, (d) => d.length === 0, 'the finding to go');
    assert.deepEqual(cosmosGuardDiagnostics(file), []);
  });
});
