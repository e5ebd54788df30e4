// First: the fake must answer require('vscode') before the modules under test load.
import { CancellationError } from '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ErrorBoundary } from '../../../src/platform/errorBoundary';
import { OutputChannelLogger, type Logger } from '../../../src/platform/logger';
import { legacyKey, seededRandom } from '../../support/keyFactory';

/** Records what reaches the "Cosmos Guard" log channel. */
function fakeChannel(): { lines: string[]; shown: number; channel: vscode.LogOutputChannel } {
  const state = { lines: [] as string[], shown: 0 };
  const write = (level: string) => (message: string) => { state.lines.push(`${level} ${message}`); };
  const channel = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), show: () => { state.shown++; } };
  return Object.assign(state, { channel: channel as unknown as vscode.LogOutputChannel });
}

function fakeNotifier(choice?: string): { messages: { message: string; items: string[] }[]; notifier: Pick<typeof vscode.window, 'showErrorMessage'> } {
  const messages: { message: string; items: string[] }[] = [];
  const showErrorMessage = (message: string, ...items: string[]): Thenable<string | undefined> => {
    messages.push({ message, items });
    return Promise.resolve(choice);
  };
  return { messages, notifier: { showErrorMessage } as unknown as Pick<typeof vscode.window, 'showErrorMessage'> };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('error boundary', () => {
  const key = legacyKey(seededRandom(5));

  it('passes a handler\'s result through', async () => {
    const log = fakeChannel();
    const boundary = new ErrorBoundary(new OutputChannelLogger(log.channel), fakeNotifier().notifier);
    assert.equal(await boundary.wrap('cosmosGuard.test', (a: number, b: number) => a + b)(2, 3), 5);
    assert.deepEqual(log.lines, []);
  });

  for (const [name, error] of [['CancellationError', new CancellationError()], ['an SDK AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' })]] as const) {
    it(`keeps ${name} silent`, async () => {
      const log = fakeChannel();
      const { messages, notifier } = fakeNotifier();
      const result = await new ErrorBoundary(new OutputChannelLogger(log.channel), notifier).wrap('cosmosGuard.test', () => {
        throw error;
      })();
      assert.equal(result, undefined);
      assert.deepEqual(messages, []);
      assert.deepEqual(log.lines.filter((l) => l.startsWith('error')), []);
    });
  }

  it('logs a failure masked and shows one message with a Show Log action that opens the log', async () => {
    const log = fakeChannel();
    const { messages, notifier } = fakeNotifier('Show Log');
    const logger: Logger = new OutputChannelLogger(log.channel);
    const result = await new ErrorBoundary(logger, notifier).wrap('cosmosGuard.test', () => Promise.reject(
      new Error(`Request failed for AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${key};`)))();
    await flush();

    assert.equal(result, undefined);
    assert.equal(messages.length, 1);
    assert.deepEqual(messages[0]!.items, ['Show Log']);
    assert.match(messages[0]!.message, /^Cosmos Guard: Request failed/);
    const errors = log.lines.filter((l) => l.startsWith('error'));
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /cosmosGuard\.test failed/);
    assert.match(errors[0]!, /at /, 'the stack is logged');
    for (const text of [messages[0]!.message, ...log.lines]) {
      assert.ok(!text.includes(key.slice(0, 20)), `key material in: ${text}`);
      assert.ok(text.includes(`…${key.slice(-4)}`) || !text.includes('AccountKey'), text);
    }
    assert.equal(log.shown, 1);
  });

  it('does not open the log when the message is dismissed', async () => {
    const log = fakeChannel();
    await new ErrorBoundary(new OutputChannelLogger(log.channel), fakeNotifier(undefined).notifier).wrap('cosmosGuard.test', () => {
      throw new Error('boom');
    })();
    await flush();
    assert.equal(log.shown, 0);
  });
});
