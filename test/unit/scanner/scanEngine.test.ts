import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateScanMicros } from '../../../src/core/scan';
import { applySuppressions } from '../../../src/core/suppression';
import { scanText } from '../../../src/core/detection';
import { HOST_BUDGET_MICROS, ScanEngine, WORKER_MIN_CHARS } from '../../../src/features/scanner/scanEngine';
import { type Logger } from '../../../src/platform/logger';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { repoRoot } from '../../support/repoRoot';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, show() {} };
const rnd = seededRandom(404);
const keys = Array.from({ length: 50 }, () => legacyKey(rnd));
/** An ordinary source file: code with `==` comparisons, no key-shaped values. */
const ordinary = (chars: number): string => {
  let s = '';
  for (let i = 0; s.length < chars; i++) s += `  if (order.total == limits[${i % 13}] && a === b) return reject(order, 'limit ${i}');\n`;
  return s;
};

describe('the scan engine\'s choice of thread', () => {
  // A script path is enough to decide; no worker starts until something is sent.
  const engine = new ScanEngine('/no/worker/needed.js', silent);

  it('keeps ordinary text in the calling thread, however long below the size limit', () => {
    assert.equal(engine.sendsToWorker(ordinary(470 * 1024)), false);
    assert.ok(estimateScanMicros(ordinary(470 * 1024)) < HOST_BUDGET_MICROS / 5);
  });

  it('sends text dense with key-shaped values to the worker, even when short', () => {
    const dense = keys.map((k) => `${k}\n`).join('').repeat(6); // 300 keys, 27 KB
    assert.ok(dense.length < 32 * 1024);
    assert.equal(engine.sendsToWorker(dense), true);
  });

  it('keeps a few vCore passwords in the thread: their fingerprints are not stretched', () => {
    const uris = Array.from({ length: 3 }, (_, i) => `mongodb+srv://u:Pw${i}Secret9@c${i}.mongocluster.cosmos.azure.com/\n`).join('');
    assert.equal(engine.sendsToWorker(uris), false);
  });

  it('sends text at the size limit to the worker whatever it holds, and nothing when there is no worker', () => {
    assert.equal(engine.sendsToWorker(' '.repeat(WORKER_MIN_CHARS)), true);
    assert.equal(new ScanEngine(undefined, silent).sendsToWorker(' '.repeat(WORKER_MIN_CHARS)), false);
  });

  it('stops counting once the estimate passes the budget', () => {
    const text = 'aB=='.repeat(1_000_000);
    assert.ok(estimateScanMicros(text, 20_000) <= 20_100);
    assert.ok(estimateScanMicros(text) > 1e6);
  });

  it('rescans a document edited a few characters at a time without estimating, but not after a larger edit', async () => {
    const warnings: string[] = [];
    const engine = new ScanEngine('/no/such/scanWorker.js', { ...silent, warn: (m: string) => warnings.push(m) });
    const suppressions = { entries: [], today: '2026-01-01' };
    const text = ordinary(64 * 1024);
    try {
      await engine.scanWithSuppressions('a.js', text, {}, suppressions, 'file:///a.js');
      await engine.scanWithSuppressions('a.js', `${text}// 20 more characters`, {}, suppressions, 'file:///a.js');
      assert.deepEqual(warnings, [], 'both scans stayed in the thread');
      const dense = keys.map((k) => `cosmos_key = "${k}"\n`).join('').repeat(6);
      const out = await engine.scanWithSuppressions('a.js', `${text}${dense}`, {}, suppressions, 'file:///a.js');
      assert.equal(warnings.length, 1, 'the larger edit was sent to the worker (which cannot start here: scanned in the thread instead)');
      assert.ok(out.findings.length >= keys.length, `${out.findings.length} findings`);
    } finally {
      engine.dispose();
    }
  });

  const script = path.join(repoRoot(), 'dist', 'scanWorker.js');
  it('gives the same findings, suppressions and problems in the worker as in the thread', async function () {
    if (!fs.existsSync(script)) this.skip(); // built by `npm run build`, which `npm test` runs first
    const text = `// cosmos-guard-ignore nope reason=x\nconst c = "AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${keys[0]!};";\n` +
      keys.map((k) => `cosmos_key_${k.slice(0, 4)} = "${k}"\n`).join('').repeat(8);
    const worker = new ScanEngine(script, silent);
    try {
      assert.equal(worker.sendsToWorker(text), true);
      const suppressions = { entries: [], today: '2026-01-01' };
      const off = await worker.scanWithSuppressions('a.py', text, {}, suppressions);
      const expected = applySuppressions(scanText('a.py', text, {}), { text, ...suppressions });
      assert.deepEqual(off.findings, expected.findings);
      assert.deepEqual(off.problems, expected.problems);
      assert.ok(off.findings.length > 100 && off.problems.length === 1, `${off.findings.length} findings`);
    } finally {
      worker.dispose();
    }
  });
});
