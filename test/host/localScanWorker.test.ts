// The workspace scan of a local folder runs in a worker thread with Node's file system; remote and virtual folders
// keep the walk over vscode.workspace.fs. Both must agree on everything: the same findings (suppressed ones, key-based
// clients, suppression problems), the same files skipped and reported, git's rules with tracked files, symbolic
// links. And stopping the scan stops the worker.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { type CosmosGuardTestApi } from '../../src/features/accounts/accountsTestApi';
import { type WorkspaceScanSummary } from '../../src/features/scanner/workspaceScanner';
import { CommandId } from '../../src/platform/commandIds';
import { scanText } from '../../src/core/detection';
import { identifiableKey, legacyKey, seededRandom } from '../support/keyFactory';
import { cosmosGuardDiagnostics, waitForDiagnostics } from './support/waitFor';
import {
  closeAllEditors, EXTENSION_ID, fileEventsDelivered, removeWorkspacePath, scanWorkspace, setSetting, workspaceRoot, workspaceUri,
  writeWorkspaceFile,
} from './support/workspaceFiles';

const conn = (seed: number): string => `AccountEndpoint=https://lw${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;
const RULE = 'cosmos-sql-connection-string';

function git(...args: string[]): void {
  const r = spawnSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com' } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** Every Cosmos Guard diagnostic in the workspace, as comparable text, sorted. */
function allDiagnostics(): string[] {
  const rows: string[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== 'Cosmos Guard') continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      rows.push(`${vscode.workspace.asRelativePath(uri)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ` +
        `${d.severity} ${code} ${d.message}`);
    }
  }
  return rows.sort();
}

/** The summary without its timing, unreadable files sorted. */
function comparable(summary: WorkspaceScanSummary): unknown {
  const { durationMs: _ms, unreadable, ...rest } = summary;
  return { ...rest, unreadable: [...unreadable].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}

describe('workspace scan of a local folder in a worker', () => {
  let api: CosmosGuardTestApi;
  before(async () => {
    api = await vscode.extensions.getExtension<CosmosGuardTestApi>(EXTENSION_ID)!.activate();
  });

  afterEach(async () => {
    await closeAllEditors();
    for (const [section, key] of [['cosmosGuard', 'scan.exclude'], ['cosmosGuard', 'scan.maxFileSize'], ['files', 'exclude'], ['search', 'exclude']]) {
      await setSetting(section!, key!, undefined);
    }
    for (const p of ['lw', '.git', '.cosmosguardignore']) await removeWorkspacePath(p);
    await vscode.commands.executeCommand(CommandId.clearFindings);
  });

  it('finds, skips and reports exactly what the walk over vscode.workspace.fs does', async () => {
    git('init', '-q');
    const suppressedText = `{ "Cosmos": "${conn(9)}" }\n`;
    const [suppressedFinding] = scanText('lw/suppressed.json', suppressedText);
    const files: Record<string, string | Uint8Array> = {
      'lw/.env': `COSMOS=${conn(1)}\n`,
      'lw/src/app.js': `module.exports = "${conn(2)}";\n`,
      'lw/src/db.js': "const { CosmosClient } = require('@azure/cosmos');\nconst client = new CosmosClient({ endpoint: process.env.E, key: process.env.K });\n",
      'lw/src/commented.js': `// cosmos-guard-ignore ${RULE} reason=local test account\nconst c = "${conn(3)}";\n`,
      'lw/src/expired.js': `// cosmos-guard-ignore ${RULE} reason=old until=2001-01-01\nconst c = "${conn(4)}";\n`,
      'lw/suppressed.json': suppressedText,
      'lw/.gitignore': 'ignored/\n*.log\n',
      'lw/ignored/secret.js': `x("${conn(5)}")\n`,
      'lw/ignored/tracked.js': `x("${conn(6)}")\n`,
      'lw/sub/.gitignore': 'local.env\n',
      'lw/sub/local.env': `A=${conn(7)}\n`,
      'lw/debug.log': `${conn(8)}\n`,
      'lw/node_modules/pkg/index.js': `x("${conn(10)}")\n`,
      'lw/fixtures/keys.txt': `COSMOS_KEY=${identifiableKey(seededRandom(11))}\n`,
      'lw/image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), Buffer.from(conn(12))]),
      'lw/big.txt': `${'x'.repeat(5000)}\n${conn(13)}\n`,
      'lw/latin1.properties': Buffer.concat([Buffer.from('# caf\xe9\ncosmos.connection=', 'latin1'), Buffer.from(conn(14))]),
      'lw/utf16.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`K=${conn(15)}\n`, 'utf16le')]),
      'lw/real/inner.js': `x("${conn(16)}")\n`,
      // A repository nested in the folder: its own index and rules decide inside it, none of the outer ones.
      'lw/nested/.gitignore': 'secret.env\n',
      'lw/nested/secret.env': `S=${conn(19)}\n`,
      'lw/nested/app.log': `${conn(20)}\n`,
      'lw/nested/local/secret.env': `S=${conn(21)}\n`,
    };
    for (const [path, content] of Object.entries(files)) await writeWorkspaceFile(path, content);
    await writeWorkspaceFile('.cosmosguardignore', `lw/suppressed.json ${suppressedFinding!.fingerprint} reason=read-only test key\n`);
    fs.symlinkSync('real', workspaceUri('lw/linked-folder').fsPath);
    fs.symlinkSync('src/app.js', workspaceUri('lw/linked-file.js').fsPath);
    fs.symlinkSync('nowhere.js', workspaceUri('lw/broken.js').fsPath);
    git('add', '-f', 'lw/ignored/tracked.js');
    git('-C', 'lw/nested', 'init', '-q');
    git('-C', 'lw/nested', 'add', '-f', 'secret.env');
    await setSetting('files', 'exclude', { '**/.git': true });
    await setSetting('cosmosGuard', 'scan.exclude', ['lw/fixtures/**']);
    await setSetting('cosmosGuard', 'scan.maxFileSize', 4096);
    await fileEventsDelivered();

    const throughFs = await api.scanner.scanWorkspaceThroughFs();
    const fsDiagnostics = allDiagnostics();
    await vscode.commands.executeCommand(CommandId.clearFindings);
    assert.deepEqual(allDiagnostics().filter((d) => !d.startsWith('.cosmosguardignore')), []);
    const before = api.scanner.localWorkers().started;
    const inWorker = await scanWorkspace();
    assert.ok(api.scanner.localWorkers().started > before, 'the local folder was scanned by the worker');
    assert.deepEqual(allDiagnostics(), fsDiagnostics);
    assert.deepEqual(comparable(inWorker), comparable(throughFs));

    // The cases are all there (so the comparison compared something).
    const at = (path: string): string[] => fsDiagnostics.filter((d) => d.startsWith(`${path} `));
    assert.equal(at('lw/src/expired.js').length, 2, 'the finding and the expired comment\'s warning');
    for (const path of ['lw/.env', 'lw/src/app.js', 'lw/ignored/tracked.js', 'lw/latin1.properties', 'lw/utf16.txt',
      'lw/real/inner.js', 'lw/linked-file.js', 'lw/nested/secret.env', 'lw/nested/app.log']) assert.equal(at(path).length, 1, `${path}: ${JSON.stringify(fsDiagnostics)}`);
    assert.match(at('lw/src/db.js')[0] ?? '', /cosmos-key-based-client/);
    for (const path of ['lw/src/commented.js', 'lw/suppressed.json', 'lw/ignored/secret.js', 'lw/sub/local.env', 'lw/debug.log',
      'lw/node_modules/pkg/index.js', 'lw/fixtures/keys.txt', 'lw/image.png', 'lw/big.txt', 'lw/nested/local/secret.env']) assert.deepEqual(at(path), [], path);
    assert.ok(inWorker.suppressed >= 2 && inWorker.keyBasedClients >= 1, JSON.stringify(inWorker));
    assert.ok(inWorker.skipped.binary >= 1 && inWorker.skipped.tooLarge >= 1 && inWorker.skipped.folderLinks === 1, JSON.stringify(inWorker));
    assert.ok(inWorker.unreadable.some((u) => u.file === 'lw/broken.js' && u.reason === 'broken symbolic link'), JSON.stringify(inWorker.unreadable));

    // A second scan with a file cleaned on disk drops its findings, as the walk does.
    fs.writeFileSync(workspaceUri('lw/src/app.js').fsPath, 'module.exports = process.env.C;\n');
    await scanWorkspace();
    assert.deepEqual(allDiagnostics().filter((d) => d.startsWith('lw/src/app.js ')), []);
  });

  it('stops the worker when the scan is stopped, keeping what it published', async () => {
    for (let i = 0; i < 40; i++) {
      const dir = `lw/many/d${i}`;
      fs.mkdirSync(workspaceUri(dir).fsPath, { recursive: true });
      for (let j = 0; j < 100; j++) fs.writeFileSync(workspaceUri(`${dir}/f${j}.txt`).fsPath, `value ${i} ${j} == ${j}\n`);
    }
    const first = workspaceUri('lw/many/a-leak.js');
    fs.writeFileSync(first.fsPath, `const c = "${conn(18)}";\n`);
    await vscode.commands.executeCommand(CommandId.clearFindings);
    const before = api.scanner.localWorkers().started;
    api.scanner.holdNextLocalScanAt('lw/many/a-leak.js'); // the scan is certainly still running when it is stopped
    const running = vscode.commands.executeCommand<WorkspaceScanSummary | undefined>(CommandId.scanWorkspace, { silent: true });
    await waitForDiagnostics(first, (d) => d.length === 1, 'the scan to reach the first leak');
    assert.ok(api.scanner.localWorkers().started > before, 'the worker runs the scan');
    assert.equal(await vscode.commands.executeCommand(CommandId.stopScan), true, 'a scan was running');
    const summary = await running;
    assert.ok(summary);
    assert.equal(summary.cancelled, true);
    assert.ok(summary.filesScanned < summary.filesListed, JSON.stringify(summary));
    assert.equal(api.scanner.localWorkers().running, 0, 'the worker has exited by the time the scan reports');
    assert.equal(await vscode.commands.executeCommand(CommandId.stopScan), false, 'nothing runs any more');
    assert.equal(cosmosGuardDiagnostics(first).length, 1, 'what it found so far is kept');
  });
});
