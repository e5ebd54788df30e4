// Bad input for the workspace scan: tens of thousands of files, a 10 MB minified single line, a file dense with
// key-shaped strings, binaries, a non-UTF-8 file, a broken link, files over the size limit and files deleted
// mid-scan. The scan must go on and report what it skipped, and keep the extension host's event loop turning.
// How long the event loop is blocked is a measurement, not a test: bench/stall.mjs scans this same tree and
// reports the longest stall (bench/README.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { CommandId } from '../../src/platform/commandIds';
import { DIRS, FILES_PER_DIR, smallFilePath, writeHostileTree } from './support/hostileTree';
import { cosmosGuardDiagnostics, diagnosticsPublished } from './support/waitFor';
import { EXTENSION_ID, fileEventsDelivered, scanWorkspace, setSetting, workspaceUri } from './support/workspaceFiles';

/**
 * Runs `work` and counts the event loop's turns meanwhile (a chain of setImmediate callbacks): a scan that held the
 * loop would let none run. A count, not a time, so a busy machine cannot change the verdict.
 */
async function countLoopTurns<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const turn = (): void => {
    if (!running) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}

describe('workspace scan: bad input', () => {
  const root = (): string => workspaceUri('stall').fsPath;

  before(async function () {
    this.timeout(600_000);
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await vscode.commands.executeCommand(CommandId.clearFindings); // no watcher while 20,000 files appear
    writeHostileTree(root());
    await fileEventsDelivered();
  });

  after(async function () {
    this.timeout(600_000);
    await setSetting('cosmosGuard', 'scan.maxFileSize', undefined);
    await vscode.commands.executeCommand(CommandId.clearFindings);
    fs.rmSync(root(), { recursive: true, force: true });
    await fileEventsDelivered();
  });

  it('scans 20,000 files and the large ones, goes on when files vanish mid-scan, and reports what it skipped', async function () {
    this.timeout(600_000);
    await setSetting('cosmosGuard', 'scan.maxFileSize', 16 * 1024 * 1024);
    // Files deleted while the scan runs: once the first leak (in the first folder) is published, the last folder's
    // files go. The scan goes on and counts them.
    const doomed = Array.from({ length: FILES_PER_DIR }, (_v, f) => smallFilePath(root(), (DIRS - 1) * FILES_PER_DIR + f));
    const underWay = diagnosticsPublished(workspaceUri('stall/d000/f7.js'), 'the scan to publish its first finding').then(() => {
      for (const file of doomed) fs.rmSync(file, { force: true });
    });
    const { result: summary, turns } = await countLoopTurns(() => scanWorkspace());
    await underWay;
    assert.equal(summary.cancelled, false);
    assert.ok(summary.filesListed >= DIRS * FILES_PER_DIR - FILES_PER_DIR, JSON.stringify(summary));
    assert.equal(summary.skipped.binary, 1, JSON.stringify(summary.skipped));
    assert.equal(summary.skipped.tooLarge, 1, JSON.stringify(summary.skipped));
    assert.ok(summary.unreadable.some((u) => u.file === 'stall/big/broken-link.js' && /broken symbolic link/.test(u.reason)), JSON.stringify(summary.unreadable));
    for (const file of ['stall/big/bundle.min.js', 'stall/big/notes-latin1.txt', 'stall/d000/f7.js', 'stall/d195/f7.js']) {
      assert.equal(cosmosGuardDiagnostics(workspaceUri(file)).length, 1, file);
    }
    assert.deepEqual(cosmosGuardDiagnostics(workspaceUri('stall/big/keys.txt')), []);
    // The loop kept turning: at least once for every hundred files scanned (file reads are asynchronous).
    assert.ok(turns >= summary.filesScanned / 100, `${turns} event-loop turns during a scan of ${summary.filesScanned} files`);
  });

  it('skips the 10 MB file under the default size limit', async function () {
    this.timeout(600_000);
    await setSetting('cosmosGuard', 'scan.maxFileSize', undefined);
    const summary = await scanWorkspace();
    assert.equal(summary.skipped.tooLarge, 2, JSON.stringify(summary.skipped));
    assert.deepEqual(cosmosGuardDiagnostics(workspaceUri('stall/big/bundle.min.js')), []);
  });
});
