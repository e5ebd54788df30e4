import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { globChoices } from '../../../src/features/quickFixes/ignorePathCommand';
import { isFindingTarget } from '../../../src/features/quickFixes/findingTarget';
import { describeSkipped } from '../../../src/features/scanner/workspaceScanCommand';
import { type WorkspaceScanSummary } from '../../../src/features/scanner/workspaceScanner';

describe('leak scanner helpers', () => {
  it('offers the file and each folder above it as globs to exclude', () => {
    assert.deepEqual(globChoices('src/config/db.js'), [
      { glob: 'src/config/db.js', isFile: true }, { glob: 'src/config/**', isFile: false }, { glob: 'src/**', isFile: false }]);
    assert.deepEqual(globChoices('.env'), [{ glob: '.env', isFile: true }]);
  });

  it('accepts only well-formed finding targets from command arguments', () => {
    assert.equal(isFindingTarget({ fingerprint: 'ab', rule: 'cosmos-account-key', line: 3 }), true);
    for (const bad of [undefined, null, 'x', { fingerprint: 'ab', rule: 'r' }, { fingerprint: 1, rule: 'r', line: 1 }]) assert.equal(isFindingTarget(bad), false);
  });

  it('describes what a workspace scan skipped, in words', () => {
    const summary = {
      skipped: { binary: 2, tooLarge: 1, excluded: 40, folderLinks: 0, deleted: 3 }, unreadable: [{ file: 'a', reason: 'permission denied' }],
    } as unknown as WorkspaceScanSummary;
    assert.deepEqual(describeSkipped(summary), ['2 binary files', '1 file over cosmosGuard.scan.maxFileSize', '3 files deleted during the scan', '1 unreadable file']);
    assert.deepEqual(describeSkipped({ skipped: { binary: 0, tooLarge: 0, excluded: 5, folderLinks: 0, deleted: 0 }, unreadable: [] } as unknown as WorkspaceScanSummary), []);
  });
});
