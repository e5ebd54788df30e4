// A stand-in for the prompts of guided flows (FlowUi) in host tests, in the way vscode-azuretools' TestUserInput
// stands in for its prompts: each question the feature asks is answered by the next entry of a script, in order
// (a question of another kind than expected fails the test with both described); notifications are answered by
// rules, or not at all; progress tasks really run and can be cancelled by the test. Every text the feature puts
// on screen is recorded, so tests can search it for key material. Tests wait for what they mean — a question
// asked, a notification shown, a progress running — through `until`, which re-checks on each of those events and
// never on a timer (a hang is caught by the test's own timeout).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  BACK, isSeparator, type Back, type ConfirmOptions, type FlowUi, type InputOptions, type PickItem, type PickOptions, type ProgressReporter,
} from '../../../src/platform/flow/flowUi';

export type Step =
  | { readonly kind: 'pick'; readonly answer: (options: PickOptions<unknown>, items: PickItem<unknown>[]) => unknown }
  | { readonly kind: 'pickMany'; readonly answer: (options: PickOptions<unknown>, items: PickItem<unknown>[]) => unknown[] | undefined }
  | { readonly kind: 'input'; readonly answer: (options: InputOptions) => string | Back | undefined }
  | { readonly kind: 'confirm'; readonly answer: (options: ConfirmOptions) => boolean };

export interface Notification {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly actions: readonly string[];
}

export interface ProgressRecord {
  readonly title: string;
  readonly messages: string[];
  readonly cancel: () => void;
  done: boolean;
}

/** Picks the item whose label matches `label` (after checking the question with `check`, when given). */
export function pickLabel(label: RegExp, check?: (options: PickOptions<unknown>, items: PickItem<unknown>[]) => void): Step {
  return {
    kind: 'pick',
    answer: (options, items) => {
      check?.(options, items);
      const item = items.find((i) => label.test(i.label));
      assert.ok(item, `no item ${String(label)} in "${options.title}": ${items.map((i) => i.label).join(' | ')}`);
      return item.value;
    },
  };
}

export function pickValue(value: unknown, check?: (options: PickOptions<unknown>, items: PickItem<unknown>[]) => void): Step {
  return { kind: 'pick', answer: (options, items) => { check?.(options, items); return value; } };
}

export const back: Step = { kind: 'pick', answer: () => BACK };
export const dismiss: Step = { kind: 'pick', answer: () => undefined };

export function confirm(check: (options: ConfirmOptions) => void, answer = true): Step {
  return { kind: 'confirm', answer: (options) => { check(options); return answer; } };
}

export class ScriptedFlowUi implements FlowUi {
  private script: Step[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly rules: { match: RegExp; action: string }[] = [];
  readonly notifications: Notification[] = [];
  readonly progresses: ProgressRecord[] = [];
  readonly statuses: string[] = [];
  /** Every text shown: titles, placeholders, items, prompts, messages, progress. */
  readonly texts: string[] = [];
  private readonly failures: Error[] = [];

  /** Queues answers for the next questions, in order. */
  expect(...steps: Step[]): this {
    this.script.push(...steps);
    return this;
  }

  /** Answers the next notification matching `match` with `action` (once). */
  answer(match: RegExp, action: string): this {
    this.rules.push({ match, action });
    return this;
  }

  /** Fails when questions are left unasked or an answer threw (call at the end of each test). */
  verify(): void {
    const failures = this.failures.splice(0);
    if (failures.length) throw failures[0]!;
    assert.deepEqual(this.script.map((s) => s.kind), [], 'questions the feature never asked');
  }

  reset(): void {
    this.script = [];
    this.rules.length = 0;
    this.notifications.length = 0;
    this.progresses.length = 0;
    this.statuses.length = 0;
    this.texts.length = 0;
    this.failures.length = 0;
  }

  /**
   * Resolves with `probe()`'s first value other than undefined, checked now and after every question, notification,
   * progress step or status message of the feature.
   */
  until<T>(probe: () => T | undefined): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        this.waiters.delete(check);
        resolve(value);
      };
      this.waiters.add(check);
    });
  }

  private changed(): void {
    for (const check of [...this.waiters]) check();
  }

  /** Waits until every scripted question was asked (flows that go on after a notification's button). */
  drained(): Promise<true> {
    return this.until(() => (this.script.length === 0 ? true : undefined));
  }

  /** Waits until a progress notification whose title matches is running. */
  progressRunning(title: RegExp): Promise<ProgressRecord> {
    return this.until(() => this.progresses.find((r) => !r.done && title.test(r.title)));
  }

  /** Waits until a notification matching `message` was shown. */
  notified(message: RegExp): Promise<Notification> {
    return this.until(() => this.notifications.find((x) => message.test(x.message)));
  }

  private next<K extends Step['kind']>(kind: K, what: string): Extract<Step, { kind: K }> | undefined {
    const step = this.script.shift();
    queueMicrotask(() => this.changed());
    if (!step || step.kind !== kind) {
      const error = new Error(`the feature asked ${kind} "${what}" but the script expected ${step ? step.kind : 'nothing'}`);
      this.failures.push(error);
      return undefined;
    }
    return step as Extract<Step, { kind: K }>;
  }

  private recordPick<T>(options: PickOptions<T>): PickItem<unknown>[] {
    this.texts.push(options.title, options.placeholder);
    const items = options.items.filter((i): i is PickItem<T> => !isSeparator(i)) as PickItem<unknown>[];
    for (const entry of options.items) {
      if (isSeparator(entry)) this.texts.push(entry.separator);
      else this.texts.push(entry.label, entry.description ?? '', entry.detail ?? '');
    }
    return items;
  }

  private guard<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (error) {
      this.failures.push(error instanceof Error ? error : new Error(String(error)));
      return fallback;
    }
  }

  pick<T>(options: PickOptions<T>): Promise<T | Back | undefined> {
    const items = this.recordPick(options);
    const step = this.next('pick', `${options.title} — ${options.placeholder}`);
    if (!step) return Promise.resolve(undefined);
    return Promise.resolve(this.guard(() => step.answer(options as PickOptions<unknown>, items) as T | Back | undefined, undefined));
  }

  pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined> {
    const items = this.recordPick(options);
    const step = this.next('pickMany', `${options.title} — ${options.placeholder}`);
    if (!step) return Promise.resolve(undefined);
    return Promise.resolve(this.guard(() => step.answer(options as PickOptions<unknown>, items) as T[] | undefined, undefined));
  }

  input(options: InputOptions): Promise<string | Back | undefined> {
    this.texts.push(options.title, options.prompt, options.value ?? '', options.placeholder ?? '');
    const step = this.next('input', `${options.title} — ${options.prompt}`);
    if (!step) return Promise.resolve(undefined);
    return Promise.resolve(this.guard(() => step.answer(options), undefined));
  }

  confirm(options: ConfirmOptions): Promise<boolean> {
    this.texts.push(options.message, options.detail, options.confirm);
    const step = this.next('confirm', options.message);
    if (!step) return Promise.resolve(false);
    return Promise.resolve(this.guard(() => step.answer(options), false));
  }

  private notify(level: Notification['level'], message: string, actions: string[]): Promise<string | undefined> {
    this.notifications.push({ level, message, actions });
    this.texts.push(message, ...actions);
    queueMicrotask(() => this.changed());
    const at = this.rules.findIndex((r) => r.match.test(message));
    if (at < 0) return Promise.resolve(undefined);
    const [rule] = this.rules.splice(at, 1);
    assert.ok(actions.includes(rule!.action), `notification "${message}" has no action "${rule!.action}" (it has: ${actions.join(', ')})`);
    return Promise.resolve(rule!.action);
  }

  info(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('info', message, actions);
  }

  warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('warn', message, actions);
  }

  error(message: string, ...actions: string[]): Promise<string | undefined> {
    return this.notify('error', message, actions);
  }

  async progress<T>(title: string, task: (report: ProgressReporter, token: vscode.CancellationToken) => Promise<T>): Promise<T> {
    const source = new vscode.CancellationTokenSource();
    const record: ProgressRecord = { title, messages: [], cancel: () => source.cancel(), done: false };
    this.progresses.push(record);
    this.texts.push(title);
    queueMicrotask(() => this.changed());
    try {
      return await task((message) => {
        record.messages.push(message);
        this.texts.push(message);
        this.changed();
      }, source.token);
    } finally {
      record.done = true;
      source.dispose();
      this.changed();
    }
  }

  status(message: string): void {
    this.statuses.push(message);
    this.texts.push(message);
    this.changed();
  }
}
