// When posture spends an ARM call on the notebook workspace, and what the answers mean.
import * as assert from 'node:assert/strict';
import {
  notebookStateFromError, notebookStateFromList, shouldLookUpNotebookWorkspace, type AccountSnapshot, type NotebookWorkspaceState,
} from '../../../src/core/posture';

type LookupInput = Pick<AccountSnapshot, 'kind' | 'capabilities' | 'createdAt'>;
const nosql = (createdAt?: string): LookupInput => ({ kind: 'GlobalDocumentDB', capabilities: [], ...(createdAt === undefined ? {} : { createdAt }) });

describe('shouldLookUpNotebookWorkspace', () => {
  const cases: readonly [string, LookupInput, boolean][] = [
    ['NoSQL created 2019-06-01 (notebooks era)', nosql('2019-06-01T00:00:00Z'), true],
    ['NoSQL created 2021-08-25T23:59:59Z', nosql('2021-08-25T23:59:59Z'), true],
    ['NoSQL created 2021-08-26T00:00:00Z (feature already off)', nosql('2021-08-26T00:00:00Z'), false],
    ['NoSQL created 2024-01-01', nosql('2024-01-01T00:00:00Z'), false],
    ['NoSQL, creation date unknown', nosql(), true],
    ['NoSQL, creation date unparseable', nosql('unknown'), true],
    ['NoSQL serverless, old', { kind: 'GlobalDocumentDB', capabilities: ['EnableServerless'], createdAt: '2020-01-01T00:00:00Z' }, true],
    ['MongoDB, old', { kind: 'MongoDB', capabilities: ['EnableMongo'], createdAt: '2020-01-01T00:00:00Z' }, false],
    ['MongoDB 3.2, date unknown', { kind: 'MongoDB', capabilities: [] }, false],
    ['Parse, date unknown', { kind: 'Parse', capabilities: [] }, false],
    ['Cassandra, old', { kind: 'GlobalDocumentDB', capabilities: ['EnableCassandra'], createdAt: '2020-01-01T00:00:00Z' }, false],
    ['Table, date unknown', { kind: 'GlobalDocumentDB', capabilities: ['EnableTable'] }, false],
    ['Gremlin, date unknown', { kind: 'GlobalDocumentDB', capabilities: ['EnableGremlin'] }, false],
  ];
  for (const [name, input, want] of cases) it(`${name} → ${want ? 'look up' : 'skip'}`, () => assert.equal(shouldLookUpNotebookWorkspace(input), want));
});

describe('notebookStateFromError', () => {
  const cases: readonly [number | undefined, NotebookWorkspaceState][] = [
    [404, 'absent'], [400, 'absent'],
    [401, 'unknown'], [403, 'unknown'], [409, 'unknown'], [429, 'unknown'], [500, 'unknown'], [503, 'unknown'], [undefined, 'unknown'],
  ];
  for (const [status, want] of cases) it(`${String(status)} → ${want}`, () => assert.equal(notebookStateFromError(status), want));
});

describe('notebookStateFromList', () => {
  it('an empty list means absent', () => assert.equal(notebookStateFromList(0), 'absent'));
  it('one workspace means present', () => assert.equal(notebookStateFromList(1), 'present'));
});
