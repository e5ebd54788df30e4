import assert from 'node:assert/strict';
import {
  BUILT_IN_DATA_READER_ID, dataPlaneRequestsQuery, describeScope, findIdenticalAssignment, formatRelativeScope, fullScope, InvalidScopeError, isGuid,
  isSameAssignment, keylessSupport, parseRelativeScope, relativeScopeOf, roleAssignmentsFrom, roleDefinitionId, roleDefinitionsFrom, roleNameOf,
} from '../../../src/core/keyless';
import { assertLinearTime } from '../adversarial/growth';

const ACCOUNT = '/subscriptions/6d3e4f5a-7b8c-4d9e-8f0a-0000000000e2/resourceGroups/rg-keyless/providers/Microsoft.DocumentDB/databaseAccounts/keyless-ready';

describe('keyless core: roles, scopes, assignments, API kind', () => {
  it('names the built-in roles, custom roles from their definitions, and unknown ones by their GUID', () => {
    const defs = roleDefinitionsFrom([
      { id: roleDefinitionId(ACCOUNT, BUILT_IN_DATA_READER_ID), name: BUILT_IN_DATA_READER_ID, roleName: 'Cosmos DB Built-in Data Reader', typePropertiesType: 'BuiltInRole' },
      { id: roleDefinitionId(ACCOUNT, '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'), name: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', properties: { roleName: 'Orders Writer', type: 'CustomRole' } },
      { name: 'no id' }, null, 'text',
    ]);
    assert.deepEqual(defs.map((d) => [d.roleName, d.builtIn]), [['Cosmos DB Built-in Data Reader', true], ['Orders Writer', false]]);
    assert.equal(roleNameOf(roleDefinitionId(ACCOUNT, '00000000-0000-0000-0000-000000000002'), []), 'Cosmos DB Built-in Data Contributor');
    assert.equal(roleNameOf(roleDefinitionId(ACCOUNT, '0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0'), defs), 'Orders Writer');
    assert.equal(roleNameOf(roleDefinitionId(ACCOUNT, '11111111-2222-4333-8444-555555555555'), defs), 'custom role 11111111-2222-4333-8444-555555555555');
    assert.equal(isGuid('aa11bb22-cc33-4d44-8e55-ff6677889900'), true);
    for (const bad of ['', 'aa11bb22cc334d448e55ff6677889900', 'aa11bb22-cc33-4d44-8e55-ff667788990g', ' aa11bb22-cc33-4d44-8e55-ff6677889900']) assert.equal(isGuid(bad), false, bad);
  });

  it('parses and formats relative scopes, and rejects anything else with a clear message', () => {
    const cases: [string, string][] = [['/', '/'], ['/dbs/orders', '/dbs/orders'], ['/DBS/orders/COLLS/items/', '/dbs/orders/colls/items'], [' /dbs/a ', '/dbs/a']];
    for (const [input, want] of cases) assert.equal(formatRelativeScope(parseRelativeScope(input)), want, input);
    const bad: [string, RegExp][] = [['', /empty/], ['dbs/orders', /must start with "\/"/], ['/dbs', /1 path segments/], ['/dbs/orders/colls', /3 path segments/],
      ['/databases/orders', /expected "dbs"/], ['/dbs/orders/containers/items', /expected "colls"/], ['/dbs/or ders', /space/], ['/dbs//colls/x', /database name is empty/],
      ['/dbs/a/colls/b/docs/c', /6 path segments/], [`/dbs/${'x'.repeat(300)}`, /longer than 255/]];
    for (const [input, message] of bad) {
      assert.throws(() => parseRelativeScope(input), (e: unknown) => e instanceof InvalidScopeError && message.test(e.message)
        && e.message.includes('Expected "/" (the whole account)'), input);
    }
    assert.equal(fullScope(ACCOUNT, '/'), ACCOUNT);
    assert.equal(fullScope(`${ACCOUNT}/`, '/dbs/orders/colls/items'), `${ACCOUNT}/dbs/orders/colls/items`);
    assert.equal(relativeScopeOf(ACCOUNT, ACCOUNT.toLowerCase()), '/');
    assert.equal(relativeScopeOf(ACCOUNT, `${ACCOUNT}/dbs/orders/`), '/dbs/orders');
    assert.equal(relativeScopeOf(ACCOUNT, `${ACCOUNT}-other/dbs/orders`), undefined);
    assert.equal(relativeScopeOf(ACCOUNT, `${ACCOUNT}/sqlRoleDefinitions/x`), undefined);
    assert.deepEqual(['/', '/dbs/orders', '/dbs/orders/colls/items'].map(describeScope), ['the account', 'database orders', 'container orders/items']);
  });

  it('finds an identical assignment ignoring case and trailing slashes, and only when all three parts match', () => {
    const existing = roleAssignmentsFrom([
      { id: `${ACCOUNT}/sqlRoleAssignments/a`, name: 'a', roleDefinitionId: roleDefinitionId(ACCOUNT, BUILT_IN_DATA_READER_ID), scope: `${ACCOUNT}/`,
        principalId: 'AA11BB22-CC33-4D44-8E55-FF6677889900' },
      { id: `${ACCOUNT}/sqlRoleAssignments/b`, properties: { roleDefinitionId: roleDefinitionId(ACCOUNT, BUILT_IN_DATA_READER_ID), scope: `${ACCOUNT}/dbs/orders`,
        principalId: 'bb22cc33-dd44-4e55-9f66-0077889900aa' } },
      { id: 'incomplete' },
    ], ACCOUNT, []);
    assert.deepEqual(existing.map((a) => [a.name, a.relativeScope, a.roleName]), [['a', '/', 'Cosmos DB Built-in Data Reader'], ['b', '/dbs/orders', 'Cosmos DB Built-in Data Reader']]);
    const wanted = { principalId: 'aa11bb22-cc33-4d44-8e55-ff6677889900', roleDefinitionId: roleDefinitionId(ACCOUNT.toUpperCase(), BUILT_IN_DATA_READER_ID), scope: ACCOUNT };
    assert.equal(findIdenticalAssignment(existing, wanted)?.name, 'a');
    assert.equal(isSameAssignment(existing[0]!, { ...wanted, scope: `${ACCOUNT}/dbs/orders` }), false);
    assert.equal(isSameAssignment(existing[0]!, { ...wanted, roleDefinitionId: roleDefinitionId(ACCOUNT, '00000000-0000-0000-0000-000000000002') }), false);
    assert.equal(isSameAssignment(existing[0]!, { ...wanted, principalId: 'bb22cc33-dd44-4e55-9f66-0077889900aa' }), false);
  });

  it('offers the switch for NoSQL only and says why for the other APIs', () => {
    assert.deepEqual(keylessSupport({ kind: 'GlobalDocumentDB', capabilities: ['EnableServerless'] }), { supported: true });
    const cases: [Parameters<typeof keylessSupport>[0], string][] = [[{ kind: 'MongoDB', capabilities: [] }, 'MongoDB'],
      [{ kind: 'GlobalDocumentDB', capabilities: ['EnableCassandra'] }, 'Apache Cassandra'], [{ kind: 'GlobalDocumentDB', capabilities: ['EnableGremlin'] }, 'Apache Gremlin'],
      [{ kind: 'GlobalDocumentDB', capabilities: ['EnableTable'] }, 'Table']];
    for (const [snapshot, label] of cases) {
      const s = keylessSupport(snapshot);
      assert.equal(s.supported, false);
      if (s.supported) continue;
      assert.equal(s.apiLabel, label);
      assert.match(s.reason, new RegExp(`API for ${label}\\. `));
      assert.match(s.reason, /Azure Policy and PSRule treat disableLocalAuth as a NoSQL-only setting/);
      assert.match(s.reason, /only allowed to be configured for SQL API account/);
    }
  });

  it('queries CDBDataPlaneRequests for key and token types, grouped by client, newest first, one group more than it keeps', () => {
    const q = dataPlaneRequestsQuery();
    assert.match(q, /^CDBDataPlaneRequests\n/);
    assert.match(q, /ago\(7d\)/);
    assert.match(q, /summarize requests = count\(\), last = max\(TimeGenerated\) by KeyType, AuthTokenType, ClientIpAddress, UserAgent/);
    assert.match(q, /\| take 201$/);
  });

  it('reads hostile role lists and scopes in time linear in their size, keeping every string bounded', () => {
    const big = (size: number) => [{ id: `${ACCOUNT}/sqlRoleAssignments/${'a'.repeat(size)}`, principalId: 'p'.repeat(size), roleDefinitionId: `${ACCOUNT}/sqlRoleDefinitions/${'/'.repeat(size)}`,
      scope: `${ACCOUNT}/dbs/${'x/'.repeat(size / 2)}`, name: 'n'.repeat(size) }];
    const [one] = roleAssignmentsFrom(big(1 << 20), ACCOUNT, []);
    assert.ok(one && one.id.length <= 1024 && one.principalId.length <= 100 && one.name.length <= 100 && one.roleName.length < 1100);
    assert.equal(one.relativeScope, undefined, 'a scope that is not the account or one of its databases or containers');
    assertLinearTime(big, (items) => roleAssignmentsFrom(items, ACCOUNT, roleDefinitionsFrom(items)));
    assertLinearTime((size) => `/dbs/${'x'.repeat(size)}`, (scope) => assert.throws(() => parseRelativeScope(scope), InvalidScopeError));
    assertLinearTime((size) => Array.from({ length: size / 64 }, (_, i) => ({ id: `${ACCOUNT}/sqlRoleAssignments/${i}`, principalId: `${i}`,
      roleDefinitionId: roleDefinitionId(ACCOUNT, BUILT_IN_DATA_READER_ID), scope: ACCOUNT })), (items) => roleAssignmentsFrom(items, ACCOUNT, []));
  });
});
