// The last look before a regeneration is sent (src/core/rotation/regenerationCheck.ts): what another window, the
// portal or a pipeline may have changed while the user answered, and the pair rule.
import * as assert from 'node:assert/strict';
import {
  checkRegeneration, isNewerEntry, parsePendingRegeneration, parseRotationState, recentPartnerRegeneration, startRotation, transition,
  type KeyKind, type RegenerationFacts, type RegenerationIntent, type RotationState,
} from '../../../src/core/rotation';
import { type KeysMetadata } from '../../../src/core/posture';

const ACCOUNT = {
  accountId: '/subscriptions/1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders',
  accountName: 'contoso-orders',
  subscriptionId: '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01',
};
const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const minutesAgo = (m: number): string => new Date(NOW - m * 60_000).toISOString();
const OLD: KeysMetadata = { primaryMasterKey: '2026-01-01T00:00:00Z', secondaryMasterKey: '2026-01-01T00:00:00Z',
  primaryReadonlyMasterKey: '2026-01-01T00:00:00Z', secondaryReadonlyMasterKey: '2026-01-01T00:00:00Z' };
const POLLER = JSON.stringify({ state: { status: 'running', config: { operationLocation: 'https://localhost/x' } } });

function facts(over: Partial<RegenerationFacts> = {}): RegenerationFacts {
  return { keysMetadata: OLD, watching: false, now: NOW, pairCooldownMinutes: 60, ...over };
}
function standalone(keyKind: KeyKind, seen: KeysMetadata = OLD): RegenerationIntent {
  return { keyKind, seen, context: { kind: 'standalone' } };
}
function rotationAt(phase: 'regenerate-other' | 'regenerate-old'): RotationState {
  let s = startRotation(ACCOUNT, 'primary', minutesAgo(200));
  if (phase === 'regenerate-old') {
    s = transition(s, { type: 'regenerationStarted', at: minutesAgo(190), operation: { keyKind: 'secondary', startedAt: minutesAgo(190), pollerState: POLLER } });
    s = transition(s, { type: 'regenerationSucceeded', at: minutesAgo(180) });
    s = transition(s, { type: 'appsSwitched', at: minutesAgo(170) });
  }
  return s;
}

describe('the last look before a regeneration is sent', () => {
  it('lets a regeneration through when nothing changed', () => {
    assert.deepEqual(checkRegeneration(standalone('primary'), facts()), { go: true });
    assert.deepEqual(checkRegeneration({ keyKind: 'secondary', seen: OLD, context: { kind: 'newRotation' } }, facts()), { go: true });
    const state = rotationAt('regenerate-old');
    assert.deepEqual(checkRegeneration({ keyKind: 'primary', seen: OLD, context: { kind: 'rotation', state } }, facts({ storedRotation: state })), { go: true });
  });

  it('stops a stand-alone regeneration, or a new rotation, when a rotation of the account was stored meanwhile', () => {
    const other = rotationAt('regenerate-other');
    for (const context of [{ kind: 'standalone' }, { kind: 'newRotation' }] as const) {
      const verdict = checkRegeneration({ keyKind: 'primary', seen: OLD, context }, facts({ storedRotation: other }));
      assert.deepEqual(verdict, { go: false, why: 'rotationUnfinished', rotation: other });
    }
  });

  it('stops a rotation step when another window moved the stored rotation on, or finished or abandoned it', () => {
    const state = rotationAt('regenerate-other');
    const moved = transition(state, { type: 'regenerationStarted', at: minutesAgo(1), operation: { keyKind: 'secondary', startedAt: minutesAgo(1), pollerState: POLLER } });
    const intent: RegenerationIntent = { keyKind: 'secondary', seen: OLD, context: { kind: 'rotation', state } };
    assert.deepEqual(checkRegeneration(intent, facts({ storedRotation: moved })), { go: false, why: 'rotationMoved', stored: moved });
    assert.deepEqual(checkRegeneration(intent, facts()), { go: false, why: 'rotationMoved' });
    // Same phase, but written again since (updatedAt differs): also moved.
    const rewritten = { ...state, updatedAt: minutesAgo(2) };
    assert.equal(checkRegeneration(intent, facts({ storedRotation: rewritten })).go, false);
  });

  it('stops when a regeneration of the account is stored or followed in this window', () => {
    const pending = parsePendingRegeneration({ version: 1, ...ACCOUNT, operation: { keyKind: 'secondaryReadonly', startedAt: minutesAgo(3), pollerState: POLLER } });
    assert.ok(pending.ok);
    assert.deepEqual(checkRegeneration(standalone('primary'), facts({ storedPending: pending.value })),
      { go: false, why: 'regenerationRunning', keyKind: 'secondaryReadonly' });
    assert.deepEqual(checkRegeneration(standalone('primary'), facts({ watching: true })), { go: false, why: 'regenerationRunning' });
  });

  it('leaves an account alone while a newer version of Cosmos Guard keeps an entry for it', () => {
    const newer = { newer: true as const, version: 2 };
    assert.deepEqual(checkRegeneration(standalone('primary'), facts({ storedRotation: newer })), { go: false, why: 'newerEntry' });
    assert.deepEqual(checkRegeneration(standalone('primary'), facts({ storedPending: newer })), { go: false, why: 'newerEntry' });
    assert.equal(isNewerEntry({ version: 2, anything: true }), true);
    assert.equal(isNewerEntry({ version: 1 }), false);
    assert.equal(isNewerEntry({ version: '2' }), false);
    const parsed = parseRotationState({ version: 7, accountId: 'x' });
    assert.ok(!parsed.ok && parsed.newer === true, 'a newer entry is told apart from a broken one');
    const broken = parseRotationState({ version: 0 });
    assert.ok(!broken.ok && broken.newer === undefined);
  });

  it('stops when the key, or its partner, was regenerated after the user confirmed', () => {
    const fresh = { ...OLD, secondaryMasterKey: minutesAgo(120) };
    assert.deepEqual(checkRegeneration(standalone('primary'), facts({ keysMetadata: fresh })),
      { go: false, why: 'keysChanged', changed: 'secondary', generationTime: minutesAgo(120) });
    assert.deepEqual(checkRegeneration(standalone('secondary'), facts({ keysMetadata: fresh })).go, false);
    // The other pair changing does not matter to this key.
    assert.deepEqual(checkRegeneration(standalone('primaryReadonly'), facts({ keysMetadata: fresh })), { go: true });
    // The same instant written differently is no change.
    const seen = { ...OLD, primaryMasterKey: '2026-01-01T00:00:00.0000000Z' };
    assert.deepEqual(checkRegeneration(standalone('primary', seen), facts()), { go: true });
  });

  it('asks for a second confirmation when the partner was regenerated within the cooldown, and only once for that regeneration', () => {
    const recent = { ...OLD, secondaryMasterKey: minutesAgo(12) };
    const verdict = checkRegeneration(standalone('primary', recent), facts({ keysMetadata: recent }));
    assert.deepEqual(verdict, { go: false, why: 'recentPartner', partner: 'secondary', partnerGeneratedAt: minutesAgo(12), minutesAgo: 12, cooldownMinutes: 60 });
    assert.deepEqual(checkRegeneration(standalone('primary', recent), facts({ keysMetadata: recent, acceptedPartnerGeneration: minutesAgo(12) })), { go: true });
    // Accepting an earlier regeneration of the partner does not cover a newer one.
    assert.equal(checkRegeneration(standalone('primary', recent), facts({ keysMetadata: recent, acceptedPartnerGeneration: minutesAgo(50) })).go, false);
    // Outside the cooldown, or with the rule off, nothing is asked.
    const older = { ...OLD, secondaryMasterKey: minutesAgo(61) };
    assert.deepEqual(checkRegeneration(standalone('primary', older), facts({ keysMetadata: older })), { go: true });
    assert.deepEqual(checkRegeneration(standalone('primary', recent), facts({ keysMetadata: recent, pairCooldownMinutes: 0 })), { go: true });
  });

  it('applies the pair rule to the last step of a guided rotation too', () => {
    const state = rotationAt('regenerate-old');
    const seen = { ...OLD, secondaryMasterKey: minutesAgo(5) };
    const verdict = checkRegeneration({ keyKind: 'primary', seen, context: { kind: 'rotation', state } }, facts({ keysMetadata: seen, storedRotation: state }));
    assert.equal(verdict.go === false && verdict.why, 'recentPartner');
  });

  it('finds a recent partner regeneration for every key, and counts a time in the future as just now', () => {
    const pairs: [KeyKind, KeyKind, keyof KeysMetadata][] = [['primary', 'secondary', 'secondaryMasterKey'], ['secondary', 'primary', 'primaryMasterKey'],
      ['primaryReadonly', 'secondaryReadonly', 'secondaryReadonlyMasterKey'], ['secondaryReadonly', 'primaryReadonly', 'primaryReadonlyMasterKey']];
    for (const [key, partner, name] of pairs) {
      assert.deepEqual(recentPartnerRegeneration({ ...OLD, [name]: minutesAgo(30) }, key, NOW, 60), { partner, at: minutesAgo(30), minutesAgo: 30 });
    }
    assert.deepEqual(recentPartnerRegeneration({ secondaryMasterKey: minutesAgo(-2) }, 'primary', NOW, 60), { partner: 'secondary', at: minutesAgo(-2), minutesAgo: 0 });
    assert.equal(recentPartnerRegeneration({}, 'primary', NOW, 60), undefined, 'no recorded time: regenerated before 2022-06-18');
    assert.equal(recentPartnerRegeneration({ secondaryMasterKey: 'not a time' }, 'primary', NOW, 60), undefined);
  });
});
