// Key usage evidence from the snapshot: the state and wording per key, and when it names the key in use.
import * as assert from 'node:assert/strict';
import {
  describeKeyUsage, isKeyUsageReported, keyInUse, keyUsageOf, usedWithin, type KeysLastUsed,
} from '../../../src/core/posture';
import { DAY, NOW, account, daysAgo } from './postureTestKit';

const HOUR = 3_600_000;
const hoursAgo = (h: number): string => new Date(NOW - h * HOUR).toISOString();
const usage = (keysLastUsed: KeysLastUsed | undefined) => account({ keysLastUsed });

describe('keyUsageOf', () => {
  const cases: readonly [string, string | null | undefined, string, string][] = [
    ['not reported (absent)', undefined, 'not-reported', 'usage not reported'],
    ['never used (null)', null, 'never', 'no use reported'],
    ['a placeholder date (0001-01-01) means none', '0001-01-01T00:00:00Z', 'never', 'no use reported'],
    ['an unreadable time is no evidence', 'yesterday', 'not-reported', 'usage not reported'],
    ['20 minutes ago', new Date(NOW - 20 * 60_000).toISOString(), 'used', 'last used about 20 min ago'],
    ['10 seconds ago rounds up to a minute', new Date(NOW - 10_000).toISOString(), 'used', 'last used about 1 min ago'],
    ['in the future (clock skew): about a minute', new Date(NOW + 5 * 60_000).toISOString(), 'used', 'last used about 1 min ago'],
    ['3 hours ago', hoursAgo(3), 'used', 'last used about 3 h ago'],
    ['47 hours ago: still hours', hoursAgo(47), 'used', 'last used about 47 h ago'],
    ['2 days ago', daysAgo(2), 'used', 'last used about 2 days ago'],
    ['29.9 days ago: still used', daysAgo(29.9), 'used', 'last used about 29 days ago'],
    ['exactly 30 days ago: not used in the last 30 days', daysAgo(30), 'used', 'not used in the last 30 days'],
    ['412 days ago', daysAgo(412), 'used', 'not used in the last 412 days'],
  ];
  for (const [name, value, state, words] of cases) {
    it(name, () => {
      const primary = keyUsageOf(usage(value === undefined ? {} : { primaryMasterKey: value }), NOW)[0]!;
      assert.equal(primary.state, state);
      assert.equal(describeKeyUsage(primary.phrase), words);
      assert.equal(primary.keyKind, 'primary');
      assert.equal(primary.lastUsed === undefined, state !== 'used');
    });
  }

  it('lists the four keys in portal order with their generation times', () => {
    const all = keyUsageOf(usage({ secondaryMasterKey: hoursAgo(1) }), NOW);
    assert.deepEqual(all.map((u) => [u.keyKind, u.label, u.state]), [
      ['primary', 'primary', 'not-reported'], ['secondary', 'secondary', 'used'],
      ['primaryReadonly', 'primary read-only', 'not-reported'], ['secondaryReadonly', 'secondary read-only', 'not-reported'],
    ]);
    assert.equal(all[0]!.generated, daysAgo(10));
  });

  it('honours another unused-key period', () => {
    assert.equal(describeKeyUsage(keyUsageOf(usage({ primaryMasterKey: daysAgo(8) }), NOW, { unusedKeyDays: 7 })[0]!.phrase), 'not used in the last 8 days');
  });

  it('rejects an invalid clock', () => assert.throws(() => keyUsageOf(usage({}), NaN), RangeError));

  it('says whether Azure reported any usage at all', () => {
    assert.equal(isKeyUsageReported(usage(undefined)), false);
    assert.equal(isKeyUsageReported(usage({})), false);
    assert.equal(isKeyUsageReported(usage({ secondaryReadonlyMasterKey: null })), true);
  });

  it('tells whether a key was used within a window (the 24-hour warning before a regeneration)', () => {
    const [recent, old] = keyUsageOf(usage({ primaryMasterKey: hoursAgo(23), secondaryMasterKey: hoursAgo(25) }), NOW);
    assert.equal(usedWithin(recent!, NOW, 24 * HOUR), true);
    assert.equal(usedWithin(old!, NOW, 24 * HOUR), false);
    assert.equal(usedWithin({ lastUsed: undefined }, NOW, 24 * HOUR), false);
  });
});

describe('keyInUse', () => {
  const reported = (over: KeysLastUsed): KeysLastUsed => ({
    primaryMasterKey: null, secondaryMasterKey: null, primaryReadonlyMasterKey: null, secondaryReadonlyMasterKey: null, ...over,
  });
  type Among = readonly ('primary' | 'secondary' | 'primaryReadonly' | 'secondaryReadonly')[];
  const cases: readonly (readonly [string, KeysLastUsed | undefined, string | undefined, Among?])[] = [
    ['usage not reported at all: no evidence', undefined, undefined],
    ['one key used 2 h ago, the others never: that key', reported({ secondaryMasterKey: hoursAgo(2) }), 'secondary'],
    ['one key used 6 days ago, others 40 days: that key', reported({ primaryMasterKey: daysAgo(6), secondaryMasterKey: daysAgo(40) }), 'primary'],
    ['only key used 8 days ago (outside the window): no evidence', reported({ primaryMasterKey: daysAgo(8) }), undefined],
    ['two keys used lately: ambiguous', reported({ primaryMasterKey: hoursAgo(1), secondaryMasterKey: hoursAgo(5) }), undefined],
    ['one key used, another not reported: cannot rule it out', { primaryMasterKey: hoursAgo(1), primaryReadonlyMasterKey: null,
      secondaryReadonlyMasterKey: null }, undefined],
    ['read-write and read-only both used: ambiguous across four', reported({ primaryMasterKey: hoursAgo(1), primaryReadonlyMasterKey: hoursAgo(1) }), undefined],
    ['the same, asked about the read-write pair: primary', reported({ primaryMasterKey: hoursAgo(1), primaryReadonlyMasterKey: hoursAgo(1) }), 'primary',
      ['primary', 'secondary']],
    ['asked about the read-only pair: primary read-only', reported({ primaryMasterKey: hoursAgo(1), primaryReadonlyMasterKey: hoursAgo(1) }), 'primaryReadonly',
      ['primaryReadonly', 'secondaryReadonly']],
    ['nothing used at all: no evidence', reported({}), undefined],
  ];
  for (const [name, lastUsed, want, among] of cases) {
    it(name, () => {
      const got = keyInUse(usage(lastUsed), NOW, among ? { among } : {});
      assert.equal(got?.keyKind, want);
      if (got) assert.match(got.lastUsed, /^\d{4}-\d{2}-\d{2}T/);
    });
  }

  it('uses the clock it is given, not the machine\'s', () => {
    const lastUsed = reported({ secondaryMasterKey: hoursAgo(2) });
    assert.equal(keyInUse(usage(lastUsed), NOW + 10 * DAY), undefined);
  });
});
