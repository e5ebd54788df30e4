import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { LiveScanner } from '../../../src/features/scanner/liveScanner';
import { DEFAULT_CONFIG, type ConfigSnapshot } from '../../../src/platform/configSnapshot';
import { type ConfigChange } from '../../../src/platform/configStore';
import { type Logger } from '../../../src/platform/logger';

/** A tiny event source with the shape of vscode.Event. */
function emitter<T>(): { event: vscode.Event<T>; fire(value: T): void } {
  const listeners = new Set<(value: T) => unknown>();
  const event = ((listener: (value: T) => unknown) => {
    listeners.add(listener);
    return { dispose: () => listeners.delete(listener) };
  }) as vscode.Event<T>;
  return { event, fire: (value) => { for (const l of listeners) l(value); } };
}

function doc(name: string, scheme = 'file'): vscode.TextDocument {
  const uri = { scheme, path: `/${name}`, toString: () => `${scheme}:///${name}` };
  return { uri, isClosed: false, getText: () => '' } as unknown as vscode.TextDocument;
}

const DELAY = 40;
const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, show() {} };

function setup(open: vscode.TextDocument[] = [], liveScanning = true, deleted = new Set<string>()) {
  const events = {
    open: emitter<vscode.TextDocument>(), change: emitter<vscode.TextDocumentChangeEvent>(),
    save: emitter<vscode.TextDocument>(), close: emitter<vscode.TextDocument>(), config: emitter<ConfigChange>(),
  };
  const calls: string[] = [];
  const publisher = {
    publish: (d: { uri: vscode.Uri }) => { calls.push(`publish ${d.uri.path}`); return Promise.resolve({ status: 'scanned' as const, findings: 0, suppressed: 0, keyBasedClients: 0 }); },
    clear: (uri: vscode.Uri) => { calls.push(`clear ${uri.path}`); },
    clearAll: () => { calls.push('clearAll'); },
  };
  const config = { snapshot: { scan: { ...DEFAULT_CONFIG.scan, liveScanning } } as ConfigSnapshot, onDidChange: events.config.event };
  const documents = {
    textDocuments: open, onDidOpenTextDocument: events.open.event, onDidChangeTextDocument: events.change.event,
    onDidSaveTextDocument: events.save.event, onDidCloseTextDocument: events.close.event,
    fs: { stat: (uri: vscode.Uri) => (deleted.has(uri.path) ? Promise.reject(Object.assign(new Error(`${uri.path} not found`), { code: 'FileNotFound' })) : Promise.resolve({})) },
  } as unknown as ConstructorParameters<typeof LiveScanner>[0];
  const scanner = new LiveScanner(documents, publisher, config, silentLogger, DELAY);
  const type = (d: vscode.TextDocument): void => events.change.fire({ document: d, contentChanges: [{}] } as unknown as vscode.TextDocumentChangeEvent);
  const setLive = (on: boolean): void => {
    const previous = config.snapshot;
    config.snapshot = { ...previous, scan: { ...previous.scan, liveScanning: on } };
    events.config.fire({ previous, current: config.snapshot });
  };
  return { scanner, events, calls, type, setLive };
}

describe('live scanner', () => {
  it('does not bring back the findings of a saved document whose file was deleted, but rescans an unsaved one', async () => {
    const gone = doc('gone.env');
    const unsaved = { ...doc('unsaved.env'), isDirty: true } as vscode.TextDocument;
    const kept = doc('kept.js');
    const { scanner, calls, setLive } = setup([gone, unsaved, kept], true, new Set(['/gone.env', '/unsaved.env']));
    await scanner.idle();
    calls.length = 0;
    setLive(true); // a setting changed: every open document is rescanned
    await scanner.idle();
    assert.deepEqual(calls.sort(), ['clear /gone.env', 'publish /kept.js', 'publish /unsaved.env']);
    scanner.dispose();
  });

  it('scans documents that were open before activation, after the debounce', async () => {
    const { scanner, calls } = setup([doc('a.js'), doc('extension-output-1', 'output')]);
    assert.deepEqual(calls, []);
    await scanner.idle();
    assert.deepEqual(calls, ['publish /a.js']);
    scanner.dispose();
  });

  it('scans once per document after typing pauses, independently per document', async () => {
    const { scanner, calls, type } = setup();
    const a = doc('a.js');
    const b = doc('b.js');
    for (let i = 0; i < 5; i++) {
      type(a);
      type(b);
    }
    assert.deepEqual(calls, [], 'nothing before the pause');
    await scanner.idle();
    assert.deepEqual(calls.sort(), ['publish /a.js', 'publish /b.js']);
    scanner.dispose();
  });

  it('scans at once on open and save, and clears (cancelling a pending scan) on close', async () => {
    const { scanner, events, calls, type } = setup();
    const a = doc('a.js');
    events.open.fire(a);
    events.save.fire(a);
    type(a);
    events.close.fire(a);
    await scanner.idle();
    assert.deepEqual(calls, ['publish /a.js', 'publish /a.js', 'clear /a.js']);
    scanner.dispose();
  });

  it('ignores documents of other schemes (the log, git revisions)', async () => {
    const { scanner, events, calls, type } = setup();
    events.open.fire(doc('log', 'output'));
    type(doc('old.js', 'git'));
    await scanner.idle();
    assert.deepEqual(calls, []);
    scanner.dispose();
  });

  it('does nothing while live scanning is off, clears when it is turned off and rescans when it is turned on', async () => {
    const a = doc('a.js');
    const { scanner, events, calls, type, setLive } = setup([a], false);
    events.open.fire(a);
    type(a);
    await scanner.idle();
    assert.deepEqual(calls, []);
    setLive(true);
    await scanner.idle();
    assert.deepEqual(calls, ['publish /a.js']);
    type(a);
    setLive(false);
    await scanner.idle();
    assert.deepEqual(calls, ['publish /a.js', 'clearAll']);
    scanner.dispose();
  });

  it('is idle only once the scan it started has been published', async () => {
    const { scanner, events } = setup();
    let finish!: () => void;
    const published = new Promise<void>((resolve) => { finish = resolve; });
    const slowScanner = new LiveScanner({ textDocuments: [], onDidOpenTextDocument: events.open.event, onDidChangeTextDocument: events.change.event,
      onDidSaveTextDocument: events.save.event, onDidCloseTextDocument: events.close.event } as unknown as ConstructorParameters<typeof LiveScanner>[0],
    { publish: () => published.then(() => ({ status: 'scanned' as const, findings: 0, suppressed: 0, keyBasedClients: 0 })), clear() {}, clearAll() {} },
    { snapshot: { scan: { ...DEFAULT_CONFIG.scan, liveScanning: true } } as ConfigSnapshot, onDidChange: events.config.event }, silentLogger, DELAY);
    let idle = false;
    events.open.fire(doc('a.js')); // scanned at once by both
    const whenIdle = slowScanner.idle().then(() => { idle = true; });
    await scanner.idle(); // the quick one's scan has been published
    assert.equal(idle, false, 'a scan is still running');
    finish();
    await whenIdle;
    assert.equal(idle, true);
    slowScanner.dispose();
    scanner.dispose();
  });

  it('stops listening when disposed', async () => {
    const { scanner, events, calls, type } = setup();
    const a = doc('a.js');
    type(a);
    scanner.dispose();
    events.open.fire(a);
    await scanner.idle();
    assert.deepEqual(calls, []);
  });
});
