// The guided-flow runner (src/platform/flow/wizard.ts): skipped steps, Back, "n/m", execute steps in priority order.
import '../support/fakeVscode';
import * as assert from 'node:assert/strict';
import { BACK } from '../../../src/platform/flow/flowUi';
import { runWizard, type PromptResult, type PromptStep, type StepView } from '../../../src/platform/flow/wizard';

interface Ctx { answers: Record<string, string>; log: string[] }

/** A step that answers from a queue of results, recording what it was shown. */
function step(name: string, results: PromptResult[], options: { stepNumber?: number; skip?: (c: Ctx) => boolean } = {}): PromptStep<Ctx> & { views: StepView[] } {
  const views: StepView[] = [];
  return {
    views,
    ...(options.stepNumber !== undefined ? { stepNumber: options.stepNumber } : {}),
    shouldPrompt: (c) => !(options.skip?.(c) ?? false),
    prompt: (c, view) => {
      views.push(view);
      const result = results.shift();
      assert.ok(result !== null, `${name} asked more often than scripted`);
      if (result === 'answered') c.answers[name] = `${name}#${views.length}`;
      c.log.push(`${name}:${result === BACK ? 'back' : String(result)}`);
      return Promise.resolve(result);
    },
    undo: (c) => { delete c.answers[name]; },
  };
}

describe('wizard runner', () => {
  it('asks each step in order, numbers them, and runs the execute steps by priority once all are answered', async () => {
    const a = step('a', ['answered'], { stepNumber: 1 });
    const b = step('b', ['answered'], { stepNumber: 2 });
    const ctx: Ctx = { answers: {}, log: [] };
    const result = await runWizard(ctx, { title: () => 'Flow', totalSteps: 5, prompts: [a, b], executes: [
      { priority: 200, execute: (c) => { c.log.push('second'); return Promise.resolve('next'); } },
      { priority: 100, execute: (c) => { c.log.push(`first with ${Object.values(c.answers).join(',')}`); return Promise.resolve('next'); } },
    ] });
    assert.equal(result, 'done');
    assert.deepEqual(ctx.log, ['a:answered', 'b:answered', 'first with a#1,b#1', 'second']);
    assert.deepEqual(a.views[0], { title: 'Flow', step: { step: 1, total: 5 }, canGoBack: false });
    assert.deepEqual(b.views[0], { title: 'Flow', step: { step: 2, total: 5 }, canGoBack: true });
  });

  it('goes back to the last step shown, forgetting its answer, and skips steps whose answer is known', async () => {
    const a = step('a', ['answered', 'answered'], { stepNumber: 1 });
    const known = step('known', [], { skip: () => true });
    const c = step('c', [BACK, 'answered']);
    const ctx: Ctx = { answers: {}, log: [] };
    assert.equal(await runWizard(ctx, { title: () => 'T', prompts: [a, known, c] }), 'done');
    assert.deepEqual(ctx.log, ['a:answered', 'c:back', 'a:answered', 'c:answered']);
    assert.deepEqual(ctx.answers, { a: 'a#2', c: 'c#2' });
    assert.equal(known.views.length, 0);
    assert.equal(c.views[0]!.step, undefined, 'no "n/m" without totalSteps');
  });

  it('stops when a question is dismissed or an execute step stops, and runs nothing after', async () => {
    const ctx: Ctx = { answers: {}, log: [] };
    assert.equal(await runWizard(ctx, { title: () => 'T', prompts: [step('a', [undefined])],
      executes: [{ priority: 1, execute: () => Promise.reject(new Error('must not run')) }] }), 'stopped');
    const ctx2: Ctx = { answers: {}, log: [] };
    assert.equal(await runWizard(ctx2, { title: () => 'T', prompts: [step('a', ['answered'])], executes: [
      { priority: 1, execute: () => Promise.resolve('stop' as const) },
      { priority: 2, execute: () => Promise.reject(new Error('must not run')) },
    ] }), 'stopped');
  });

  it('hands Back from the first step to the caller only when it asked for that', async () => {
    const ctx: Ctx = { answers: {}, log: [] };
    const first = step('a', [BACK]);
    assert.equal(await runWizard(ctx, { title: () => 'T', prompts: [first], canGoBackFromFirst: true }), 'back');
    assert.equal(first.views[0]!.canGoBack, true);
    assert.equal(await runWizard({ answers: {}, log: [] }, { title: () => 'T', prompts: [step('a', [BACK])] }), 'stopped');
  });
});
