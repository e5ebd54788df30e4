// The Activity Log's raw events → one entry per key operation, and the signed-in principal from a token.
import * as assert from 'node:assert/strict';
import { isKeyOperationEvent, isSignedInPrincipal, keyAccessEvents, principalFromAccessToken } from '../../../src/core/activityLog';

const ACCOUNT = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DocumentDB/databaseAccounts/orders';
const OP = (op: string) => ({ value: `Microsoft.DocumentDB/databaseAccounts/${op}/action`, localizedValue: op });
const UPN = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn';
const OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

function event(over: Record<string, unknown>): Record<string, unknown> {
  return {
    eventTimestamp: '2026-11-30T14:02:03.1234567Z', operationName: OP('listKeys'), status: { value: 'Succeeded' }, resourceId: ACCOUNT,
    correlationId: 'c1', caller: 'alice@contoso.com', claims: { [UPN]: 'alice@contoso.com', [OID]: 'oid-alice' }, ...over,
  };
}

/** An unsigned JWT with these claims, built here: no token literal in the repository. */
function jwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}

describe('keyAccessEvents', () => {
  it('merges the Started and Succeeded events of one operation: first time, final status, IP from either', () => {
    const got = keyAccessEvents([
      event({ status: { value: 'Succeeded' }, eventTimestamp: '2026-11-30T14:02:05Z' }),
      event({ status: { value: 'Started' }, httpRequest: { clientIpAddress: '203.0.113.7' } }),
    ], ACCOUNT);
    assert.deepEqual(got, [{ time: '2026-11-30T14:02:03.123Z', operation: 'listKeys', caller: 'alice@contoso.com', callerKind: 'user',
      objectId: 'oid-alice', clientIp: '203.0.113.7', status: 'Succeeded' }]);
  });

  it('names each of the four operations, newest first, and drops every other operation', () => {
    const got = keyAccessEvents([
      event({ operationName: OP('readonlykeys'), correlationId: 'a', eventTimestamp: '2026-11-01T00:00:00Z' }),
      event({ operationName: OP('regenerateKey'), correlationId: 'b', eventTimestamp: '2026-11-03T00:00:00Z' }),
      event({ operationName: { value: 'Microsoft.DocumentDB/databaseAccounts/write' }, correlationId: 'c' }),
      event({ operationName: { value: 'MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS/LISTCONNECTIONSTRINGS/ACTION' }, correlationId: 'd',
        eventTimestamp: '2026-11-02T00:00:00Z' }),
      event({ correlationId: 'e', eventTimestamp: '2026-11-04T00:00:00Z' }),
    ]);
    assert.deepEqual(got.map((e) => [e.operation, e.time.slice(0, 10)]), [
      ['listKeys', '2026-11-04'], ['regenerateKey', '2026-11-03'], ['listConnectionStrings', '2026-11-02'], ['listReadOnlyKeys', '2026-11-01'],
    ]);
  });

  it('names an application by its application id, and keeps a failure as failed', () => {
    const [e] = keyAccessEvents([event({ caller: 'sp-object-id', claims: { appid: '11111111-2222-4333-8444-555555555555', idtyp: 'app', [OID]: 'sp-object-id' },
      status: { value: 'Failed' } })]);
    assert.deepEqual([e!.caller, e!.callerKind, e!.objectId, e!.status], ['11111111-2222-4333-8444-555555555555', 'application', 'sp-object-id', 'Failed']);
  });

  it('falls back to the caller field, then the object id, then "unknown"', () => {
    assert.equal(keyAccessEvents([event({ claims: {}, caller: 'bob@fabrikam.com' })])[0]!.caller, 'bob@fabrikam.com');
    assert.equal(keyAccessEvents([event({ claims: { [OID]: 'o' }, caller: undefined })])[0]!.caller, 'o');
    assert.equal(keyAccessEvents([event({ claims: undefined, caller: undefined })])[0]!.caller, 'unknown');
  });

  it('ignores events of another resource, without a time, or of the wrong shape', () => {
    assert.deepEqual(keyAccessEvents([
      event({ resourceId: `${ACCOUNT}-other` }), event({ eventTimestamp: 'last week' }), event({ eventTimestamp: '2026-11-30T14:02:03' }),
      null, 42, 'text', [], { operationName: 7 },
    ], ACCOUNT), []);
  });

  it('keeps control characters and huge values out of what it returns', () => {
    const [e] = keyAccessEvents([event({ claims: {}, caller: `mallory@evil.example\n\u001b[31m${'x'.repeat(2_000_000)}` })]);
    assert.ok(!e!.caller.includes('\n') && !e!.caller.includes('\u001b'), 'no control characters');
    assert.ok(e!.caller.length <= 257, `caller is ${e!.caller.length} characters`);
  });

  it('reads a large history in work proportional to it (property reads counted)', () => {
    let reads = 0;
    const counted = (n: number) => Array.from({ length: n }, (_, i) => new Proxy(event({ correlationId: `c${i}` }), {
      get(target, key, receiver) { reads++; return Reflect.get(target, key, receiver) as unknown; },
    }));
    const measure = (n: number) => {
      const input = counted(n);
      reads = 0;
      assert.equal(keyAccessEvents(input).length, n);
      return reads;
    };
    const small = measure(2_000), large = measure(8_000);
    assert.equal(large, small * 4, 'each event is read a fixed number of times');
  });

  it('pre-filters raw events by operation', () => {
    assert.equal(isKeyOperationEvent(event({})), true);
    assert.equal(isKeyOperationEvent(event({ operationName: { value: 'Microsoft.DocumentDB/databaseAccounts/read' } })), false);
    assert.equal(isKeyOperationEvent(undefined), false);
  });
});

describe('principalFromAccessToken', () => {
  it('reads a user\'s object id and sign-in name', () => {
    assert.deepEqual(principalFromAccessToken(jwt({ oid: 'oid-alice', upn: 'alice@contoso.com', scp: 'user_impersonation', appid: 'vscode' })),
      { kind: 'user', objectId: 'oid-alice', upn: 'alice@contoso.com' });
  });
  it('reads an application\'s object and application ids', () => {
    assert.deepEqual(principalFromAccessToken(jwt({ oid: 'sp-oid', appid: 'app-id', idtyp: 'app' })),
      { kind: 'application', objectId: 'sp-oid', applicationId: 'app-id' });
  });
  const notJwt: readonly [string, string][] = [
    ['a static token', 'cosmos-guard-static-token'], ['two parts', 'a.b'], ['payload not base64', 'a.!!!.c'], ['payload not JSON', `a.${Buffer.from('x').toString('base64url')}.c`],
    ['no identity claims', jwt({ aud: 'x' })], ['a huge token', `a.${'A'.repeat(100_000)}.c`],
  ];
  for (const [name, token] of notJwt) it(`is undefined for ${name}`, () => assert.equal(principalFromAccessToken(token), undefined));

  it('matches events by object id, else sign-in name, else application id', () => {
    const alice = { kind: 'user', objectId: 'OID-ALICE', upn: 'alice@contoso.com' } as const;
    assert.equal(isSignedInPrincipal({ caller: 'x', callerKind: 'user', objectId: 'oid-alice' }, alice), true);
    assert.equal(isSignedInPrincipal({ caller: 'alice@contoso.com', callerKind: 'user', objectId: 'someone-else' }, alice), false);
    assert.equal(isSignedInPrincipal({ caller: 'ALICE@contoso.com', callerKind: 'user' }, alice), true);
    assert.equal(isSignedInPrincipal({ caller: 'bob@contoso.com', callerKind: 'user' }, alice), false);
    const app = { kind: 'application', applicationId: 'app-id' } as const;
    assert.equal(isSignedInPrincipal({ caller: 'app-id', callerKind: 'application', applicationId: 'app-id' }, app), true);
    assert.equal(isSignedInPrincipal({ caller: 'other', callerKind: 'application', applicationId: 'other' }, app), false);
  });
});
