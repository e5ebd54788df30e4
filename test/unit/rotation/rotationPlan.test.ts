import * as assert from 'node:assert/strict';
import {
  describeRotation, InvalidTransitionError, keyToRegenerate, otherKey, parsePendingRegeneration, parseRotationState, ROTATION_PHASES,
  startRotation, transition, type KeyKind, type PendingOperation, type RotationEvent, type RotationPhase, type RotationState,
} from '../../../src/core/rotation';

const ACCOUNT = {
  accountId: '/subscriptions/1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders',
  accountName: 'contoso-orders',
  subscriptionId: '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01',
};
const T0 = '2026-05-01T12:00:00.000Z';
const T1 = '2026-05-01T12:05:00.000Z';
const POLLER = JSON.stringify({ state: { status: 'running', config: { operationLocation: 'https://localhost/x' } } });
const op = (keyKind: KeyKind): PendingOperation => ({ keyKind, startedAt: T1, pollerState: POLLER });

const started = (kind: KeyKind): RotationEvent => ({ type: 'regenerationStarted', operation: op(kind), at: T1 });
const succeeded: RotationEvent = { type: 'regenerationSucceeded', at: T1 };
const failed: RotationEvent = { type: 'regenerationFailed', at: T1, message: 'Missing permission.' };
const switched: RotationEvent = { type: 'appsSwitched', at: T1 };

/** Walks a rotation to `phase` along the happy path. */
function at(phase: RotationPhase, inUse: KeyKind = 'primary'): RotationState {
  let s = startRotation(ACCOUNT, inUse, T0);
  const other = otherKey(s);
  const path: RotationEvent[] = [started(other), succeeded, switched, started(inUse), succeeded];
  for (const event of path) {
    if (s.phase === phase) return s;
    s = transition(s, event);
  }
  assert.equal(s.phase, phase);
  return s;
}

describe('rotation plan (state machine)', () => {
  it('regenerates the partner of the key in use first, for both pairs', () => {
    const cases: [KeyKind, KeyKind][] = [['primary', 'secondary'], ['secondary', 'primary'], ['primaryReadonly', 'secondaryReadonly'],
      ['secondaryReadonly', 'primaryReadonly']];
    for (const [inUse, first] of cases) {
      const s = startRotation(ACCOUNT, inUse, T0);
      assert.equal(s.phase, 'regenerate-other');
      assert.equal(s.pair, inUse.endsWith('Readonly') ? 'readOnly' : 'readWrite');
      assert.equal(otherKey(s), first);
      assert.equal(keyToRegenerate(s), first);
      assert.equal(keyToRegenerate(at('regenerate-old', inUse)), inUse, `${inUse} last`);
    }
  });

  it('walks the happy path: regenerate other → wait → switch apps → regenerate old → wait → done', () => {
    let s = startRotation(ACCOUNT, 'primary', T0);
    const phases = [s.phase];
    for (const e of [started('secondary'), succeeded, switched, started('primary'), succeeded]) {
      s = transition(s, e);
      phases.push(s.phase);
    }
    assert.deepEqual(phases, ['regenerate-other', 'regenerating-other', 'switch-apps', 'regenerate-old', 'regenerating-old', 'done']);
    assert.equal(s.otherRegeneratedAt, T1);
    assert.equal(s.oldRegeneratedAt, T1);
    assert.equal(s.operation, undefined);
    assert.equal(s.updatedAt, T1);
  });

  it('allows exactly the transitions of the procedure (table)', () => {
    const events: Record<string, RotationEvent> = {
      startOther: started('secondary'), startOld: started('primary'), succeeded, failed, switched,
    };
    const allowed: Record<RotationPhase, Partial<Record<string, RotationPhase>>> = {
      'regenerate-other': { startOther: 'regenerating-other' },
      'regenerating-other': { succeeded: 'switch-apps', failed: 'regenerate-other' },
      'switch-apps': { switched: 'regenerate-old' },
      'regenerate-old': { startOld: 'regenerating-old' },
      'regenerating-old': { succeeded: 'done', failed: 'regenerate-old' },
      done: {},
    };
    for (const phase of ROTATION_PHASES) {
      for (const [name, event] of Object.entries(events)) {
        const want = allowed[phase][name];
        const s = at(phase);
        if (want) assert.equal(transition(s, event).phase, want, `${phase} + ${name}`);
        else assert.throws(() => transition(s, event), InvalidTransitionError, `${phase} + ${name} must be refused`);
      }
    }
  });

  it('keeps the running operation only while a regeneration runs, and a failure\'s reason until the retry', () => {
    const running = at('regenerating-other');
    assert.deepEqual(running.operation, op('secondary'));
    const back = transition(running, failed);
    assert.equal(back.phase, 'regenerate-other');
    assert.equal(back.operation, undefined);
    assert.equal(back.lastError, 'Missing permission.');
    assert.match(describeRotation(back).detail, /The last attempt failed: Missing permission\./);
    const retried = transition(back, started('secondary'));
    assert.equal(retried.lastError, undefined);
  });

  it('names step, heading, tree status and next action for every phase', () => {
    const views = ROTATION_PHASES.map((p) => describeRotation(at(p)));
    assert.deepEqual(views.map((v) => [v.step, v.title, v.status, v.next]), [
      [2, 'Regenerate the secondary read-write key', 'rotation 2/6: regenerate secondary next', 'regenerate'],
      [3, 'Wait for the secondary read-write key', 'rotation 3/6: regenerating secondary', 'watch'],
      [4, 'Give your applications the new secondary read-write key', 'rotation 4/6: switch apps to secondary', 'switchApps'],
      [6, 'Regenerate the primary read-write key', 'rotation 6/6: regenerate primary next', 'regenerate'],
      [6, 'Wait for the primary read-write key', 'rotation 6/6: regenerating primary', 'watch'],
      [6, 'Rotation finished', 'rotation 6/6: rotation finished', 'none'],
    ]);
    assert.ok(views.every((v) => v.total === 6));
    assert.match(describeRotation(at('switch-apps')).detail, /restart clients that keep the key \(CosmosClient caches it\)/);
    assert.deepEqual(describeRotation(at('regenerating-other', 'secondaryReadonly')).status, 'rotation 3/6: regenerating primary read-only');
  });

  it('round-trips through JSON (globalState) and validates what comes back', () => {
    for (const phase of ROTATION_PHASES) {
      const s = at(phase, 'secondaryReadonly');
      const parsed = parseRotationState(JSON.parse(JSON.stringify(s)));
      assert.ok(parsed.ok, `${phase}: ${parsed.ok ? '' : parsed.problem}`);
      assert.deepEqual(parsed.value, s);
    }
  });

  it('refuses stored rotations that are inconsistent or from another version, saying why', () => {
    const good = at('regenerating-other') as unknown as Record<string, unknown>;
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['newer version', { ...good, version: 2 }, /version 2 was written by a newer version of Cosmos Guard/],
      ['no version', { ...good, version: undefined }, /version undefined is not 1/],
      ['bad key', { ...good, inUse: 'tertiary' }, /inUse is not a key kind/],
      ['bad phase', { ...good, phase: 'flying' }, /phase is unknown/],
      ['running without operation', { ...good, operation: undefined }, /needs an operation/],
      ['operation in a waiting phase', { ...good, phase: 'switch-apps' }, /has no running operation/],
      ['operation for the wrong key', { ...good, operation: op('primary') }, /regenerates primary, not secondary/],
      ['pair mismatch', { ...good, pair: 'readOnly' }, /pair is not readWrite/],
      ['bad id', { ...good, accountId: '/subscriptions/x' }, /accountId is not an account resource id/],
      ['subscription mismatch', { ...good, subscriptionId: '00000000-0000-4000-8000-000000000000' }, /does not match/],
      ['bad time', { ...good, startedAt: 'yesterday' }, /startedAt is not a date-time/],
      ['poller not JSON', { ...good, operation: { ...op('secondary'), pollerState: 'nope' } }, /pollerState is not JSON/],
    ];
    for (const [what, value, problem] of cases) {
      const parsed = parseRotationState(value);
      assert.equal(parsed.ok, false, what);
      if (!parsed.ok) assert.match(parsed.problem, problem, what);
    }
    assert.equal(parseRotationState(null).ok, false);
    assert.equal(parseRotationState('rotation').ok, false);
  });

  it('validates stand-alone pending regenerations the same way', () => {
    const pending = { version: 1, ...ACCOUNT, operation: op('primaryReadonly') };
    const parsed = parsePendingRegeneration(JSON.parse(JSON.stringify(pending)));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, pending);
    assert.equal(parsePendingRegeneration({ ...pending, operation: { ...op('primary'), keyKind: 'all' } }).ok, false);
    assert.equal(parsePendingRegeneration({ ...pending, version: 0 }).ok, false);
  });
});
