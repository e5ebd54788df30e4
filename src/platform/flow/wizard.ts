// A small runner for guided flows, in the way the Azure extensions build theirs: one context object per run
// that accumulates the answers; prompt steps that each ask one thing (and are skipped when the answer is already
// known); then execute steps, in priority order, once every question is answered — so whatever must be checked
// right before Azure is asked to change something has one home. Back and the "n/m" title come from here, not
// from each step. UI-agnostic: steps ask through a FlowUi, which host tests replace with a scripted one.
import { BACK, type Back, type StepInfo } from './flowUi';

/** How a step's question looks: its title, its place in the flow, and whether Back may be offered. */
export interface StepView {
  readonly title: string;
  /** Undefined when the flow shows no "n/m". */
  readonly step?: StepInfo;
  readonly canGoBack: boolean;
}

/** The quick-input options a step's view gives: its title, "n/m" and Back (only when it may be offered). */
export function viewOptions(view: StepView): { readonly title: string; readonly step?: StepInfo; readonly canGoBack?: true } {
  return { title: view.title, ...(view.step ? { step: view.step } : {}), ...(view.canGoBack ? { canGoBack: true as const } : {}) };
}

/** A prompt's result: answered (the context holds the answer), Back, or stop the flow (dismissed, "Later"). */
export type PromptResult = 'answered' | Back | undefined;

export interface PromptStep<C> {
  /** The step's number in the flow's "n/m"; steps without one show no "n/m". */
  readonly stepNumber?: number;
  /** False when the answer is known already (an account passed from the tree, a key preselected by evidence). */
  shouldPrompt(context: C): boolean;
  prompt(context: C, view: StepView): Promise<PromptResult>;
  /** Forgets this step's answer when the user goes back past it. */
  undo?(context: C): void;
}

export interface ExecuteStep<C> {
  /** Lower runs first. */
  readonly priority: number;
  shouldExecute?(context: C): boolean;
  /** 'stop' ends the flow here (refused, failed or left for later: the step has told the user why). */
  execute(context: C): Promise<'next' | 'stop'>;
}

export interface WizardOptions<C> {
  readonly title: (context: C) => string;
  /** The flow's "m"; undefined for flows without step numbers. */
  readonly totalSteps?: number;
  readonly prompts: readonly PromptStep<C>[];
  readonly executes?: readonly ExecuteStep<C>[];
  /**
   * Back from the first prompt that is shown: a caller that ran an earlier part of the flow (choose the key, then
   * this) offers Back and is told, by the result 'back'.
   */
  readonly canGoBackFromFirst?: boolean;
}

/** 'done': every step ran; 'stopped': a question was dismissed or a step stopped; 'back': Back from the first prompt. */
export type WizardResult = 'done' | 'stopped' | 'back';

/** Runs the prompts (with Back), then the execute steps. */
export async function runWizard<C>(context: C, options: WizardOptions<C>): Promise<WizardResult> {
  const shown: number[] = [];
  let i = 0;
  while (i < options.prompts.length) {
    const step = options.prompts[i]!;
    if (!step.shouldPrompt(context)) {
      i++;
      continue;
    }
    const view: StepView = {
      title: options.title(context),
      ...(step.stepNumber !== undefined && options.totalSteps !== undefined ? { step: { step: step.stepNumber, total: options.totalSteps } } : {}),
      canGoBack: shown.length > 0 || options.canGoBackFromFirst === true,
    };
    const result = await step.prompt(context, view);
    if (result === undefined) return 'stopped';
    if (result === BACK) {
      step.undo?.(context);
      const previous = shown.pop();
      if (previous === undefined) return options.canGoBackFromFirst ? 'back' : 'stopped';
      options.prompts[previous]!.undo?.(context);
      i = previous;
      continue;
    }
    shown.push(i);
    i++;
  }
  const executes = [...(options.executes ?? [])].sort((a, b) => a.priority - b.priority);
  for (const step of executes) {
    if (step.shouldExecute && !step.shouldExecute(context)) continue;
    if (await step.execute(context) === 'stop') return 'stopped';
  }
  return 'done';
}
