// Suppressions in a real extension host: inline comments with and without expiry, invalid ones (shown as warnings),
// and .cosmosguardignore entries, for open documents and the workspace scan alike.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { scanText } from '../../src/core/detection';
import { CommandId } from '../../src/platform/commandIds';
import { legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitForDiagnostics } from './support/waitFor';
import {
  closeAllEditors, EXTENSION_ID, fileEventsDelivered, openFile, removeWorkspacePath, scanWorkspace, writeWorkspaceFile,
} from './support/workspaceFiles';

const RULE = 'cosmos-sql-connection-string';
const conn = (seed: number): string => `AccountEndpoint=https://sup${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;
const codes = (uri: vscode.Uri): string[] => cosmosGuardDiagnostics(uri).map((d) => String((d.code as { value: string }).value)).sort();

describe('suppressions', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await closeAllEditors();
    await removeWorkspacePath('sup');
    await removeWorkspacePath('.cosmosguardignore');
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  it('hides a finding with a reasoned comment on its line or the line above, without expiry', async () => {
    const above = await writeWorkspaceFile('sup/above.js', `// cosmos-guard-ignore ${RULE} reason=local test account\nconst c = "${conn(1)}";\n`);
    const same = await writeWorkspaceFile('sup/same.py', `CONN = "${conn(2)}"  # cosmos-guard-ignore ${RULE} reason=fixture\n`);
    const tooFar = await writeWorkspaceFile('sup/far.js', `// cosmos-guard-ignore ${RULE} reason=fixture\n\nconst c = "${conn(3)}";\n`);
    for (const uri of [above, same]) {
      await openFile(uri);
      assert.equal(await vscode.commands.executeCommand(CommandId.scanCurrentFile), 0, uri.path);
      assert.deepEqual(codes(uri), []);
    }
    await openFile(tooFar);
    assert.equal(await vscode.commands.executeCommand(CommandId.scanCurrentFile), 1);
    const summary = await scanWorkspace();
    assert.ok(summary.suppressed >= 2, JSON.stringify(summary));
  });

  it('hides a finding until its expiry date, and reports an expired suppression as a warning next to the finding', async () => {
    const current = await writeWorkspaceFile('sup/current.js', `// cosmos-guard-ignore ${RULE} reason=rotating soon until=2999-01-01\nconst c = "${conn(4)}";\n`);
    const expired = await writeWorkspaceFile('sup/expired.js', `// cosmos-guard-ignore ${RULE} reason=rotating soon until=2001-01-01\nconst c = "${conn(5)}";\n`);
    await openFile(current);
    await openFile(expired);
    await waitForDiagnostics(expired, (d) => d.length === 2, 'the finding and the expired-suppression warning');
    assert.deepEqual(codes(expired), ['cosmos-sql-connection-string', 'expired-suppression']);
    const warning = cosmosGuardDiagnostics(expired).find((d) => (d.code as { value: string }).value === 'expired-suppression')!;
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.line, 0);
    assert.match(warning.message, /expired on 2001-01-01/);
    assert.deepEqual(codes(current), []);
  });

  it('shows invalid suppressions (no reason, bad date, unknown rule) as warnings, and they hide nothing', async () => {
    const uri = await writeWorkspaceFile('sup/invalid.js', [
      `// cosmos-guard-ignore ${RULE}`, `const a = "${conn(6)}";`,
      `// cosmos-guard-ignore ${RULE} reason=x until=2026-02-30`, `const b = "${conn(7)}";`,
      '// cosmos-guard-ignore cosmos-unknown reason=x', `const c = "${conn(8)}";`, ''].join('\n'));
    await openFile(uri);
    await waitForDiagnostics(uri, (d) => d.length === 6, 'three findings and three warnings');
    const warnings = cosmosGuardDiagnostics(uri).filter((d) => (d.code as { value: string }).value === 'invalid-suppression');
    assert.deepEqual(warnings.map((w) => w.range.start.line), [0, 2, 4]);
    assert.match(warnings[0]!.message, /no reason/);
    assert.match(warnings[1]!.message, /not a date/);
    assert.match(warnings[2]!.message, /unknown rule 'cosmos-unknown'/);
  });

  it('honours .cosmosguardignore entries (path + fingerprint), and warns about expired ones in the ignore file', async () => {
    const text = `{ "Cosmos": "${conn(9)}" }\n`;
    const [finding] = scanText('sup/app.json', text);
    const file = await writeWorkspaceFile('sup/app.json', text);
    const copy = await writeWorkspaceFile('sup/copy.json', text);
    const ignoreFile = await writeWorkspaceFile('.cosmosguardignore',
      `sup/app.json ${finding!.fingerprint} reason=read-only test key\nsup/copy.json ${finding!.fingerprint} reason=old until=2001-01-01\n`);
    // The extension's watcher has seen the new ignore file (and dropped what it had read) before the scan reads it:
    // otherwise its late event clears the ignore file's warnings after the scan published them.
    await fileEventsDelivered();
    await scanWorkspace();
    assert.deepEqual(codes(file), []);
    assert.deepEqual(codes(copy), ['cosmos-sql-connection-string'], 'an expired entry does not suppress');
    const [expired] = await waitForDiagnostics(ignoreFile, (d) => d.length === 1, 'the expired entry\'s warning on the ignore file');
    assert.equal(expired?.range.start.line, 1);
    assert.match(expired?.message ?? '', /expired on 2001-01-01/);
  });
});
