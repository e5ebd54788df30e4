// Benchmark: the live scanner's rescan of a 5,000-line file after a one-character edit, through the extension's
// own code: DiagnosticsPublisher.publish() — the function the live scanner's debounce timer calls — with the real
// exclusion check (cached), ignore-file lookup (cached), ScanEngine with the real worker script (it estimates the
// scan's cost and keeps this ordinary file in the thread), suppression handling and FindingsStore (diagnostic
// objects built for the collection). The document model keeps lines and
// joins them in getText(), as VS Code's extension-host document does. Run by bench/live.mjs; prints JSON.
import './support/vscodeStandIn';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { DiagnosticsPublisher } from '../src/features/scanner/diagnosticsPublisher';
import { FindingsStore } from '../src/features/scanner/findingsStore';
import { ScanEngine } from '../src/features/scanner/scanEngine';
import { type Logger } from '../src/platform/logger';
import { identifiableKey, legacyKey, seededRandom } from '../test/support/keyFactory';

const LINES = 5000;
const WARMUP = 200;
const RUNS = Number(process.argv[2] ?? 2000);

/** A 5,000-line JavaScript file: ordinary code, a few `==` comparisons, and two hard-coded secrets. */
function sourceLines(): string[] {
  const rnd = seededRandom(5000);
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    if (i === 1200) lines.push(`const conn = "AccountEndpoint=https://bench.documents.azure.com:443/;AccountKey=${legacyKey(rnd)};";`);
    else if (i === 3900) lines.push(`const key = "${identifiableKey(rnd)}";`);
    else if (i % 10 === 0) lines.push(`// step ${i}: compute the order total and check the limits`);
    else if (i % 7 === 0) lines.push(`  if (order.total == limits[${i % 13}] && order.items.length === ${i % 5}) return reject(order, 'limit ${i}');`);
    else lines.push(`  const value${i} = items.map((item) => item.price * item.quantity).reduce((a, b) => a + b, ${i});`);
  }
  return lines;
}

class DocumentModel {
  version = 1;
  readonly uri: vscode.Uri;
  constructor(readonly lines: string[], path: string) {
    this.uri = { scheme: 'file', path, toString: () => `file://${path}` } as unknown as vscode.Uri;
  }
  getText(): string {
    return this.lines.join('\n');
  }
  /** A one-character edit in a comment line: typing a letter at its end, or deleting the letter typed before. */
  edit(i: number): void {
    const line = 10 * (1 + (i % 100)); // comment lines 10…1000
    const text = this.lines[line]!;
    this.lines[line] = text.endsWith('x') ? text.slice(0, -1) : `${text}x`;
    this.version++;
  }
}

async function main(): Promise<void> {
  const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, show() {} };
  const folder = { uri: { scheme: 'file', path: '/bench', toString: () => 'file:///bench' }, name: 'bench', index: 0 } as unknown as vscode.WorkspaceFolder;
  const published: unknown[] = [];
  const collection = { set: (_uri: unknown, d: unknown) => published.push(d), delete() {}, clear() {} } as unknown as vscode.DiagnosticCollection;
  const store = new FindingsStore(collection, () => 'error');
  const engine = new ScanEngine(path.join(__dirname, '..', '..', 'dist', 'scanWorker.js'), silent);
  const publisher = new DiagnosticsPublisher({
    store,
    engine,
    exclusions: { exclusionOf: () => Promise.resolve(undefined) },
    ignoreFiles: { entriesFor: () => Promise.resolve([]) },
    workspace: { getWorkspaceFolder: () => folder },
    options: () => ({ emulatorKey: 'ignore' }),
    maxChars: () => 5 * 1024 * 1024,
    logger: silent,
    today: () => '2026-01-01',
  });
  const document = new DocumentModel(sourceLines(), '/bench/src/orders.js');
  const times: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    document.edit(i);
    const t0 = performance.now();
    const outcome = await publisher.publish(document);
    const ms = performance.now() - t0;
    if (outcome.status !== 'scanned' || outcome.findings !== 2) throw new Error(`unexpected outcome ${JSON.stringify(outcome)}`);
    if (i >= WARMUP) times.push(ms);
  }
  const inThread = !engine.sendsToWorker(document.getText());
  store.dispose();
  engine.dispose();
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(JSON.stringify({
    lines: LINES, characters: document.getText().length, runs: RUNS,
    medianMs: +at(0.5).toFixed(3), p99Ms: +at(0.99).toFixed(3), maxMs: +times[times.length - 1]!.toFixed(3), publishedDiagnostics: published.length, inThread,
  }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
