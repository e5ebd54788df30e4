// "Export Findings as SARIF…" writes exactly what `cosmos-guard scan --format sarif` writes for the same files,
// suppressed findings included (with `suppressions`): both run the same core over the same bytes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanText } from '../../src/core/detection';
import { CommandId } from '../../src/platform/commandIds';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import {
  closeAllEditors, EXTENSION_ID, fileEventsDelivered, removeWorkspacePath, scanWorkspace, workspaceRoot, writeWorkspaceFile,
} from './support/workspaceFiles';

const conn = (seed: number): string => `AccountEndpoint=https://sarif${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;

interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; suppressions?: { kind: string }[] }[] }[];
}

describe('SARIF export', () => {
  const out = path.join(os.tmpdir(), `cosmos-guard-export-${process.pid}.sarif`);

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  after(async () => {
    fs.rmSync(out, { force: true });
    await removeWorkspacePath('sarif');
    await removeWorkspacePath('.cosmosguardignore');
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  it('equals the CLI\'s SARIF for the same files, suppressed findings included as "suppressions"', async () => {
    const json = `{ "Cosmos": "${conn(3)}" }\n`;
    const [jsonFinding] = scanText('sarif/app.json', json);
    await writeWorkspaceFile('sarif/a.js', `const c = "${conn(1)}";\n`);
    await writeWorkspaceFile('sarif/b.py', `CONN = "${conn(2)}"  # cosmos-guard-ignore cosmos-sql-connection-string reason=demo account\n`);
    await writeWorkspaceFile('sarif/app.json', json);
    await writeWorkspaceFile('.cosmosguardignore', `sarif/app.json ${jsonFinding!.fingerprint} reason=read-only test key until=2999-01-01\n`);
    await writeWorkspaceFile('sarif/dir with space/#odd%.ts', `export const key = "${identifiableKey(seededRandom(4))}";\n`);
    await closeAllEditors();
    await fileEventsDelivered(); // the watcher's reaction to the new ignore file is over before the scan

    await scanWorkspace();
    assert.equal((await vscode.commands.executeCommand<vscode.Uri>(CommandId.exportSarif, vscode.Uri.file(out))).fsPath, out);
    const editor = fs.readFileSync(out, 'utf8');

    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'scan', workspaceRoot().fsPath, '--format', 'sarif'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const uris = (text: string): string[] => (JSON.parse(text) as SarifLog).runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris(editor), uris(run.stdout), 'the editor and the CLI report different files');
    assert.equal(editor, run.stdout, 'the editor\'s SARIF differs from the CLI\'s');

    const results = (JSON.parse(editor) as SarifLog).runs[0]!.results;
    const byFile = new Map(results.map((r) => [r.locations[0]!.physicalLocation.artifactLocation.uri, r]));
    assert.equal(byFile.get('sarif/a.js')?.suppressions, undefined);
    assert.deepEqual(byFile.get('sarif/b.py')?.suppressions?.map((s) => s.kind), ['inSource']);
    assert.deepEqual(byFile.get('sarif/app.json')?.suppressions?.map((s) => s.kind), ['external']);
    assert.ok(byFile.has('sarif/dir%20with%20space/%23odd%25.ts'));
  });
});
