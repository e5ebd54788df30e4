// The regeneration watcher (src/features/rotation/regenerationWatcher.ts) with a stand-in UI and stand-in
// operations: a confirmed regeneration is never folded into another watch of the same account (it would then never
// be sent while the user is told it was done); only a request to follow the very same operation joins.
import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { KeyOperationError, type RegenerationHandle } from '../../../src/azure/keyOperations';
import { RegenerationWatcher } from '../../../src/features/rotation/regenerationWatcher';
import { type FlowUi } from '../../../src/platform/flow/flowUi';
import { type Logger } from '../../../src/platform/logger';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined } as unknown as Logger;
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) } as unknown as vscode.CancellationToken;
const ui = { progress: (_title: string, task: (report: (m: string) => void, t: vscode.CancellationToken) => Promise<unknown>) => task(() => undefined, token) } as unknown as FlowUi;
const ACCOUNT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/a';

/** An operation that ends when the test says so. */
function controllable(pollerState: string): { handle: RegenerationHandle; finish: () => void; fail: (e: Error) => void } {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => { finish = resolve; fail = reject; });
  return { handle: { pollerState, wait: () => done }, finish, fail };
}

describe('regeneration watcher', () => {
  it('answers "busy" to a new regeneration of an account it already follows, and never sends it', async () => {
    const watcher = new RegenerationWatcher(() => ui, logger);
    const first = controllable('{"op":1}');
    const running = watcher.watch({ accountId: ACCOUNT, accountName: 'a', keyKind: 'secondary',
      operation: { start: () => Promise.resolve(first.handle), onAccepted: () => Promise.resolve() } });
    let secondSent = false;
    const second = await watcher.watch({ accountId: ACCOUNT.toUpperCase(), accountName: 'a', keyKind: 'primary',
      operation: { start: () => { secondSent = true; return Promise.resolve(controllable('{"op":2}').handle); }, onAccepted: () => Promise.resolve() } });
    assert.deepEqual(second, { status: 'busy' });
    assert.equal(secondSent, false);
    first.finish();
    assert.equal((await running).status, 'succeeded');
    assert.equal(watcher.isWatching(ACCOUNT), false);
  });

  it('joins a request to follow the very operation already followed, and refuses to follow a different one', async () => {
    const watcher = new RegenerationWatcher(() => ui, logger);
    const op = controllable('{"op":1}');
    const running = watcher.watch({ accountId: ACCOUNT, accountName: 'a', keyKind: 'secondary', operation: { handle: op.handle, startedAt: new Date().toISOString() } });
    const joined = watcher.watch({ accountId: ACCOUNT, accountName: 'a', keyKind: 'secondary', operation: { handle: { ...op.handle }, startedAt: new Date().toISOString() } });
    const other = await watcher.watch({ accountId: ACCOUNT, accountName: 'a', keyKind: 'secondary',
      operation: { handle: controllable('{"op":2}').handle, startedAt: new Date().toISOString() } });
    assert.deepEqual(other, { status: 'busy' });
    op.finish();
    assert.equal((await running).status, 'succeeded');
    assert.equal(await joined, await running, 'the same watch');
  });

  it('tells Azure\'s verdict (failed) apart from losing sight of the operation (unfollowed), which may still run', async () => {
    const watcher = new RegenerationWatcher(() => ui, logger);
    const cases: [KeyOperationError, string][] = [
      [new KeyOperationError({ kind: 'operationFailed', code: 'X', message: 'Azure could not.' }), 'failed'],
      [new KeyOperationError({ kind: 'timeout', code: 'Timeout', message: 'No answer.' }), 'unfollowed'],
      [new KeyOperationError({ kind: 'network', code: 'ECONNRESET', message: 'Could not reach.' }), 'unfollowed'],
      [new KeyOperationError({ kind: 'notFound', statusCode: 404, code: 'NotFound', message: 'Gone.' }), 'lost'],
      [new KeyOperationError({ kind: 'untrusted', code: 'ForeignOrigin', message: 'Elsewhere.' }), 'lost'],
    ];
    for (const [error, status] of cases) {
      const op = controllable(`{"${status}":1}`);
      const watching = watcher.watch({ accountId: ACCOUNT, accountName: 'a', keyKind: 'primary', operation: { handle: op.handle, startedAt: new Date().toISOString() } });
      op.fail(error);
      assert.equal((await watching).status, status, error.failure.kind);
    }
  });
});
