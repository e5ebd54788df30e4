// The rotation store (src/features/rotation/rotationStore.ts) over one shared Memento, as globalState is shared by
// every window: writes change only their own account's entry, conditional writes refuse what another window moved
// on, and entries a newer version of Cosmos Guard wrote are kept — never rewritten, never deleted by a read.
import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { startRotation, transition, type RotationState } from '../../../src/core/rotation';
import { PENDING_STATE_KEY, ROTATIONS_STATE_KEY, RotationStore } from '../../../src/features/rotation/rotationStore';
import { type Logger } from '../../../src/platform/logger';

/** globalState as every window sees it: one value per key. */
class SharedMemento implements vscode.Memento {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? structuredClone(this.values.get(key)) as T : fallback;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

const warnings: string[] = [];
const logger = { info: () => undefined, warn: (m: string) => { warnings.push(m); }, error: () => undefined, show: () => undefined } as unknown as Logger;
const sub = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';
const ref = (name: string) => ({
  accountId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/${name}`, accountName: name, subscriptionId: sub,
});
const T0 = '2026-12-01T10:00:00.000Z';
const POLLER = JSON.stringify({ state: { status: 'running', config: { operationLocation: 'https://localhost/x' } } });

describe('rotation store across windows', () => {
  let memento: SharedMemento;
  let windowA: RotationStore;
  let windowB: RotationStore;
  beforeEach(() => {
    memento = new SharedMemento();
    windowA = new RotationStore(memento, logger);
    windowB = new RotationStore(memento, logger);
    warnings.length = 0;
  });

  it('keeps both windows\' rotations: each write changes only its own account', async () => {
    const orders = startRotation(ref('orders'), 'primary', T0);
    const catalog = startRotation(ref('catalog'), 'secondary', T0);
    await windowA.saveRotation(orders);
    await windowB.saveRotation(catalog);
    await windowA.saveRotation(transition(orders, { type: 'regenerationStarted', at: T0,
      operation: { keyKind: 'secondary', startedAt: T0, pollerState: POLLER } }));
    assert.deepEqual(windowA.rotations().map((r) => r.accountName).sort(), ['catalog', 'orders']);
    assert.equal(windowB.rotation(catalog.accountId)?.phase, 'regenerate-other');
    assert.equal(windowB.rotation(orders.accountId)?.phase, 'regenerating-other');
    await windowB.removeRotation(catalog.accountId);
    assert.deepEqual(windowA.rotations().map((r) => r.accountName), ['orders']);
  });

  it('refuses a conditional write when another window moved the rotation on, finished it, or started one', async () => {
    const orders = startRotation(ref('orders'), 'primary', T0);
    assert.equal(await windowA.saveRotation(orders, null), true, 'nothing stored yet: written');
    assert.equal(await windowB.saveRotation(orders, null), false, 'one is stored now: not written');
    const moved = transition(orders, { type: 'regenerationStarted', at: '2026-12-01T10:01:00.000Z',
      operation: { keyKind: 'secondary', startedAt: T0, pollerState: POLLER } });
    assert.equal(await windowB.saveRotation(moved, orders), true);
    const stale: RotationState = { ...orders, lastError: 'from window A' };
    assert.equal(await windowA.saveRotation(stale, orders), false, 'window A still expected the old phase');
    assert.equal(windowA.rotation(orders.accountId)?.phase, 'regenerating-other');
    assert.equal(await windowA.removeRotation(orders.accountId, orders), false);
    assert.equal(await windowA.removeRotation(orders.accountId, moved), true);
    assert.equal(windowB.rotation(orders.accountId), undefined);
  });

  it('keeps entries a newer version wrote: not read as valid, not deleted by reads, not overwritten, and reported for the check', async () => {
    const newerRotation = { version: 2, accountId: ref('orders').accountId, somethingNew: { phase: 'x' } };
    const newerPending = { version: 3, accountId: ref('catalog').accountId };
    await memento.update(ROTATIONS_STATE_KEY, { [ref('orders').accountId.toLowerCase()]: newerRotation });
    await memento.update(PENDING_STATE_KEY, { [ref('catalog').accountId.toLowerCase()]: newerPending });
    assert.deepEqual(windowA.rotations(), []);
    assert.deepEqual(windowA.pendingRegenerations(), []);
    assert.deepEqual(windowA.entries(ref('orders').accountId), { rotation: { newer: true, version: 2 } });
    assert.deepEqual(windowA.entries(ref('catalog').accountId), { pending: { newer: true, version: 3 } });
    // Writes for other accounts keep them; a write for the same account is refused.
    await windowA.saveRotation(startRotation(ref('billing'), 'primary', T0));
    assert.equal(await windowA.saveRotation(startRotation(ref('orders'), 'primary', T0)), false);
    assert.equal(await windowA.removeRotation(ref('orders').accountId), false);
    const stored = memento.get<Record<string, unknown>>(ROTATIONS_STATE_KEY)!;
    assert.deepEqual(stored[ref('orders').accountId.toLowerCase()], newerRotation);
    assert.ok(stored[ref('billing').accountId.toLowerCase()]);
    assert.deepEqual(memento.get<Record<string, unknown>>(PENDING_STATE_KEY), { [ref('catalog').accountId.toLowerCase()]: newerPending });
  });

  it('ignores an unreadable entry without deleting it, and logs it once', async () => {
    await memento.update(ROTATIONS_STATE_KEY, { broken: { version: 1, accountId: 42 } });
    assert.deepEqual(windowA.rotations(), []);
    assert.deepEqual(windowA.rotations(), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Ignoring a stored key rotation for broken: .*It is left as it is\.$/);
    assert.ok(memento.get<Record<string, unknown>>(ROTATIONS_STATE_KEY)!.broken, 'still there');
  });
});
