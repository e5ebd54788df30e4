// cosmos-key-based-client in a real extension host: the information diagnostic on real files of each language, the
// light bulb's fixes, the rewrite to DefaultAzureCredential applied (file text, saved, diagnostics gone) and what it
// says about the Azure Identity package, read from the project's manifest next to the file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitForDiagnostics } from './support/waitFor';
import { closeAllEditors, EXTENSION_ID, openFile, readWorkspaceFile, removeWorkspacePath, scanWorkspace, setSetting, writeWorkspaceFile } from './support/workspaceFiles';

const RULE = 'cosmos-key-based-client';
const FIX_TITLE = 'Use Microsoft Entra ID (DefaultAzureCredential)';

const ruleOf = (d: vscode.Diagnostic): string => String((d.code as { value: string }).value);
const clientDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => cosmosGuardDiagnostics(uri).filter((d) => ruleOf(d) === RULE);

interface KeylessResult {
  readonly replacement: string;
  readonly identityPackage: string;
  readonly dependency: 'present' | 'absent' | 'unknown';
  readonly advice?: string;
}

/** Opens the file, waits for its one key-based-client diagnostic and returns it with the fixes the light bulb offers. */
async function offered(uri: vscode.Uri): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  await openFile(uri);
  const [diagnostic] = await waitForDiagnostics(uri, (d) => d.filter((x) => ruleOf(x) === RULE).length === 1, `the key-based client in ${uri.path}`)
    .then((d) => d.filter((x) => ruleOf(x) === RULE));
  const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range);
  // The client's fixes: the rewrite, and those whose target is the client (a secret inside it has fixes of its own).
  const forClient = (a: vscode.CodeAction): boolean => a.command?.command === CommandId.useEntraIdCredential || a.command?.command === CommandId.ignorePath
    || (a.command?.arguments?.[1] as { rule?: string } | undefined)?.rule === RULE;
  return { diagnostic: diagnostic!, actions: all.filter(forClient) };
}

/** Resolves when `document` is next saved (fails after 20 s, so a missing save cannot hang the suite). */
function savedOnce(document: vscode.TextDocument): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { listener.dispose(); reject(new Error(`${document.uri.path} was never saved`)); }, 20_000);
    const listener = vscode.workspace.onDidSaveTextDocument((saved) => {
      if (saved !== document) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

function run<T>(action: vscode.CodeAction): Thenable<T> {
  return vscode.commands.executeCommand<T>(action.command!.command, ...(action.command!.arguments as unknown[]));
}

interface LanguageCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly file: string;
  readonly message: string;
  readonly rewritten: string;
  readonly result: KeylessResult;
}

const cases: LanguageCase[] = [
  {
    name: 'JavaScript: { endpoint, key } from the environment; package.json without @azure/identity',
    files: {
      'kc/js/package.json': '{\n  "name": "orders",\n  "dependencies": { "@azure/cosmos": "^4.2.0" }\n}\n',
      'kc/js/src/db.js': "const { CosmosClient } = require('@azure/cosmos');\n\nconst client = new CosmosClient({\n  endpoint: process.env.COSMOS_ENDPOINT,\n  key: process.env.COSMOS_KEY,\n});\nmodule.exports = { client };\n",
    },
    file: 'kc/js/src/db.js',
    message: 'Cosmos DB client authenticates with an account key read from configuration — use Microsoft Entra ID (DefaultAzureCredential).',
    rewritten: "const { CosmosClient } = require('@azure/cosmos');\nconst { DefaultAzureCredential } = require('@azure/identity');\n\n"
      + 'const client = new CosmosClient({\n  endpoint: process.env.COSMOS_ENDPOINT,\n  aadCredentials: new DefaultAzureCredential(),\n});\nmodule.exports = { client };\n',
    result: { replacement: 'aadCredentials: new DefaultAzureCredential()', identityPackage: '@azure/identity', dependency: 'absent', advice: 'Add @azure/identity: npm install @azure/identity' },
  },
  {
    name: 'TypeScript: a connection string and its sibling endpoint setting; pnpm project',
    files: {
      'kc/ts/package.json': '{ "dependencies": { "@azure/cosmos": "^4.2.0" } }\n',
      'kc/ts/pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
      'kc/ts/db.ts': "import { CosmosClient } from '@azure/cosmos';\n\nconst endpoint = process.env.COSMOS_ENDPOINT!;\nexport const client = new CosmosClient(process.env.COSMOS_CONNECTION_STRING!);\n",
    },
    file: 'kc/ts/db.ts',
    message: 'Cosmos DB client authenticates with a connection string read from configuration — use Microsoft Entra ID (DefaultAzureCredential).',
    rewritten: "import { CosmosClient } from '@azure/cosmos';\nimport { DefaultAzureCredential } from '@azure/identity';\n\nconst endpoint = process.env.COSMOS_ENDPOINT!;\n"
      + 'export const client = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT!, aadCredentials: new DefaultAzureCredential() });\n',
    result: { replacement: 'aadCredentials: new DefaultAzureCredential()', identityPackage: '@azure/identity', dependency: 'absent', advice: 'Add @azure/identity: pnpm add @azure/identity' },
  },
  {
    name: 'Python: credential=key; requirements.txt already lists azure-identity',
    files: {
      'kc/py/requirements.txt': 'azure-cosmos==4.9.0\nazure-identity==1.19.0\n',
      'kc/py/app/db.py': 'import os\nfrom azure.cosmos import CosmosClient\n\nclient = CosmosClient(os.environ["COSMOS_ENDPOINT"], credential=os.environ["COSMOS_KEY"])\n',
    },
    file: 'kc/py/app/db.py',
    message: 'Cosmos DB client authenticates with an account key read from configuration — use Microsoft Entra ID (DefaultAzureCredential).',
    rewritten: 'import os\nfrom azure.cosmos import CosmosClient\nfrom azure.identity import DefaultAzureCredential\n\n'
      + 'client = CosmosClient(os.environ["COSMOS_ENDPOINT"], credential=DefaultAzureCredential())\n',
    result: { replacement: 'credential=DefaultAzureCredential()', identityPackage: 'azure-identity', dependency: 'present' },
  },
  {
    name: 'C#: new CosmosClient(endpoint, key) from configuration; a .csproj without Azure.Identity',
    files: {
      'kc/cs/Orders.Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="Microsoft.Azure.Cosmos" Version="3.54.0" />\n  </ItemGroup>\n</Project>\n',
      'kc/cs/Data/OrdersDb.cs': 'using Microsoft.Azure.Cosmos;\n\nnamespace Orders.Api.Data;\n\npublic sealed class OrdersDb(IConfiguration configuration)\n{\n'
        + '    public CosmosClient Client { get; } = new CosmosClient(configuration["CosmosDb:Endpoint"], configuration["CosmosDb:Key"]);\n}\n',
    },
    file: 'kc/cs/Data/OrdersDb.cs',
    message: 'Cosmos DB client authenticates with an account key read from configuration — use Microsoft Entra ID (DefaultAzureCredential).',
    rewritten: 'using Microsoft.Azure.Cosmos;\nusing Azure.Identity;\n\nnamespace Orders.Api.Data;\n\npublic sealed class OrdersDb(IConfiguration configuration)\n{\n'
      + '    public CosmosClient Client { get; } = new CosmosClient(configuration["CosmosDb:Endpoint"], new DefaultAzureCredential());\n}\n',
    result: {
      replacement: 'new DefaultAzureCredential()', identityPackage: 'Azure.Identity', dependency: 'absent',
      advice: 'Add Azure.Identity: dotnet add Orders.Api.csproj package Azure.Identity',
    },
  },
  {
    name: 'Java: a builder with .key(…); pom.xml without azure-identity',
    files: {
      'kc/java/pom.xml': '<project>\n  <dependencies>\n    <dependency><groupId>com.azure</groupId><artifactId>azure-cosmos</artifactId></dependency>\n  </dependencies>\n</project>\n',
      'kc/java/src/main/java/com/contoso/Db.java': 'package com.contoso;\n\nimport com.azure.cosmos.CosmosClient;\nimport com.azure.cosmos.CosmosClientBuilder;\n\n'
        + 'final class Db {\n  static CosmosClient create() {\n    return new CosmosClientBuilder()\n      .endpoint(System.getenv("COSMOS_ENDPOINT"))\n'
        + '      .key(System.getenv("COSMOS_KEY"))\n      .buildClient();\n  }\n}\n',
    },
    file: 'kc/java/src/main/java/com/contoso/Db.java',
    message: 'Cosmos DB client authenticates with an account key read from configuration — use Microsoft Entra ID (DefaultAzureCredential).',
    rewritten: 'package com.contoso;\n\nimport com.azure.cosmos.CosmosClient;\nimport com.azure.cosmos.CosmosClientBuilder;\nimport com.azure.identity.DefaultAzureCredentialBuilder;\n\n'
      + 'final class Db {\n  static CosmosClient create() {\n    return new CosmosClientBuilder()\n      .endpoint(System.getenv("COSMOS_ENDPOINT"))\n'
      + '      .credential(new DefaultAzureCredentialBuilder().build())\n      .buildClient();\n  }\n}\n',
    result: {
      replacement: '.credential(new DefaultAzureCredentialBuilder().build())', identityPackage: 'com.azure:azure-identity', dependency: 'absent',
      advice: 'Add com.azure:azure-identity to pom.xml: <dependency><groupId>com.azure</groupId><artifactId>azure-identity</artifactId></dependency>',
    },
  },
];

describe('key-based Cosmos clients (cosmos-key-based-client)', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await closeAllEditors();
    await setSetting('cosmosGuard', 'scan.rules', undefined);
    await removeWorkspacePath('kc');
    // A workspace scan keeps results (and a file watcher) alive for the next suites: end that as the other suites do.
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  for (const c of cases) {
    it(`${c.name}: reports it as information and rewrites it to DefaultAzureCredential`, async () => {
      for (const [path, text] of Object.entries(c.files)) await writeWorkspaceFile(path, text);
      const uri = await writeWorkspaceFile(c.file, c.files[c.file]!);
      const { diagnostic, actions } = await offered(uri);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(diagnostic.message, c.message);
      assert.equal(diagnostic.source, 'Cosmos Guard');
      assert.equal((diagnostic.code as { target: vscode.Uri }).target.fragment, 'rule-cosmos-key-based-client');
      const document = await vscode.workspace.openTextDocument(uri);
      assert.match(document.getText(diagnostic.range), /^new |^CosmosClient\(/, 'the range covers the construction');
      assert.deepEqual(actions.map((a) => a.title), [FIX_TITLE, 'Ignore this key-based client…', 'Ignore this file or folder…']);
      assert.ok(actions.every((a) => !a.isPreferred && a.kind?.value === 'quickfix'), 'never preferred: no auto-fix applies it');

      // Applied as a refactoring, the edit is saved by VS Code (files.refactoring.autoSave) once it is in.
      const saved = savedOnce(document);
      const result = await run<KeylessResult>(actions[0]!);
      assert.deepEqual(result, c.result);
      assert.equal(document.getText(), c.rewritten);
      await saved;
      assert.equal(await readWorkspaceFile(c.file), c.rewritten, 'the rewritten file is saved');
      await waitForDiagnostics(uri, (d) => d.length === 0, 'the finding to go once the client uses Microsoft Entra ID');
    });
  }

  it('is not offered as "fix all" or on save, and offers no rewrite it cannot do safely', async () => {
    const uri = await writeWorkspaceFile('kc/noEndpoint.py',
      'from azure.cosmos import CosmosClient\n\ndef connect(connection_string):\n    return CosmosClient.from_connection_string(connection_string)\n');
    const { diagnostic, actions } = await offered(uri);
    assert.deepEqual(actions.map((a) => a.command?.command), [CommandId.ignoreFinding, CommandId.ignorePath], 'no endpoint to keep: no rewrite');
    for (const kind of ['source.fixAll', 'source', 'refactor']) {
      const other = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, kind);
      assert.deepEqual(other.filter((a) => a.command?.command.startsWith('cosmosGuard.')), [], kind);
    }
  });

  it('reports a hard-coded connection string twice — the secret as an error, the client as information — and rewrites the client', async () => {
    const key = legacyKey(seededRandom(901), { alphanumericOnly: true });
    const text = `const { CosmosClient } = require('@azure/cosmos');\nconst client = new CosmosClient("AccountEndpoint=https://kc901.documents.azure.com:443/;AccountKey=${key};");\n`;
    const uri = await writeWorkspaceFile('kc/hardcoded.js', text);
    await openFile(uri);
    const both = await waitForDiagnostics(uri, (d) => d.length === 2, 'the secret and the client');
    assert.deepEqual(both.map((d) => [ruleOf(d), d.severity]).sort(),
      [[RULE, vscode.DiagnosticSeverity.Information], ['cosmos-sql-connection-string', vscode.DiagnosticSeverity.Error]]);
    assert.ok(both.every((d) => !d.message.includes(key.slice(0, 12))));
    const { actions } = await offered(uri);
    assert.deepEqual(actions.map((a) => a.title).sort(), ['Ignore this file or folder…', 'Ignore this key-based client…', FIX_TITLE],
      'the secret\'s fixes offer "Ignore this file or folder…" once, the client\'s none');
    await run(actions.find((a) => a.title === FIX_TITLE)!);
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), "const { CosmosClient } = require('@azure/cosmos');\n"
      + "const { DefaultAzureCredential } = require('@azure/identity');\n"
      + 'const client = new CosmosClient({ endpoint: "https://kc901.documents.azure.com:443/", aadCredentials: new DefaultAzureCredential() });\n');
    await waitForDiagnostics(uri, (d) => d.length === 0, 'both findings to go: the key left the file');
  });

  it('is found by the workspace scan, and turned off and on again by cosmosGuard.scan.rules', async () => {
    const uri = await writeWorkspaceFile('kc/scan/db.py', 'from azure.cosmos import CosmosClient\nclient = CosmosClient(url, credential=key)\n');
    const summary = await scanWorkspace();
    assert.ok(summary.keyBasedClients >= 1, JSON.stringify(summary));
    await waitForDiagnostics(uri, (d) => d.length === 1 && ruleOf(d[0]!) === RULE, 'the workspace scan\'s finding');
    await openFile(uri);
    await setSetting('cosmosGuard', 'scan.rules', { [RULE]: false });
    await waitForDiagnostics(uri, (d) => d.length === 0, 'the finding to go when the rule is turned off');
    await setSetting('cosmosGuard', 'scan.rules', undefined);
    await waitForDiagnostics(uri, (d) => d.length === 1, 'the open file\'s finding to come back');
    assert.equal(clientDiagnostics(uri).length, 1);
  });
});
