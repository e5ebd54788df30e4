// Everything a guided flow (key rotation, the switch to Microsoft Entra ID) asks or tells the user, behind one
// interface: the VS Code implementation below (quick picks with step n/m titles and a back button, modal
// confirmations, notifications, progress), and a scripted one in the host tests, which answers and records every
// text shown (so tests can prove no key was ever in one). Nothing here sees a key: callers pass only names, kinds,
// ages and messages.
import * as vscode from 'vscode';

/** Returned by a step whose Back button was pressed (a registered symbol: the same in every bundle that uses it). */
export const BACK: unique symbol = Symbol.for('cosmosGuard.flowUi.back');
export type Back = typeof BACK;

export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
}

/** A separator line with a heading (a subscription in the account picker). */
export interface PickSeparator {
  readonly separator: string;
}

export type PickEntry<T> = PickItem<T> | PickSeparator;

export function isSeparator<T>(entry: PickEntry<T>): entry is PickSeparator {
  return 'separator' in entry;
}

export interface StepInfo {
  readonly step: number;
  readonly total: number;
}

export interface PickOptions<T> {
  readonly title: string;
  readonly placeholder: string;
  readonly items: readonly PickEntry<T>[];
  /** Shows "(n/m)" steps in the title bar. */
  readonly step?: StepInfo;
  /** Shows the Back button; pressing it resolves to {@link BACK}. */
  readonly canGoBack?: boolean;
  /** The item focused first. */
  readonly active?: T;
}

export interface InputOptions {
  readonly title: string;
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly step?: StepInfo;
  readonly canGoBack?: boolean;
  /** An error message for an invalid value, or undefined. */
  readonly validate: (value: string) => string | undefined;
}

export interface ConfirmOptions {
  /** The question, naming the account and the key. */
  readonly message: string;
  /** What happens and what breaks. */
  readonly detail: string;
  /** The button that goes ahead ("Regenerate Primary Key"). */
  readonly confirm: string;
}

/** Reports progress: `message` replaces the previous one. */
export type ProgressReporter = (message: string) => void;

export interface FlowUi {
  /** One choice; undefined when dismissed. */
  pick<T>(options: PickOptions<T>): Promise<T | Back | undefined>;
  /** Several choices (an OK button confirms); undefined when dismissed. */
  pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | Back | undefined>;
  /** A modal warning with one button that goes ahead; false when cancelled. */
  confirm(options: ConfirmOptions): Promise<boolean>;
  /** Notifications, after something the user started; resolve to the action chosen, if any. */
  info(message: string, ...actions: string[]): Promise<string | undefined>;
  warn(message: string, ...actions: string[]): Promise<string | undefined>;
  error(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A cancellable progress notification. */
  progress<T>(title: string, task: (report: ProgressReporter, token: vscode.CancellationToken) => Promise<T>): Promise<T>;
  /** A short message in the status bar (after copying to the clipboard). */
  status(message: string): void;
}

/** The real thing: VS Code's quick input, message and progress APIs. */
export class VsCodeFlowUi implements FlowUi {
  pick<T>(options: PickOptions<T>): Promise<T | Back | undefined> {
    return this.quickPick(options, false) as Promise<T | Back | undefined>;
  }

  async pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined> {
    const result = await this.quickPick(options, true);
    return Array.isArray(result) ? result : undefined;
  }

  private quickPick<T>(options: PickOptions<T>, many: boolean): Promise<T | T[] | Back | undefined> {
    type Item = vscode.QuickPickItem & { value?: T };
    const picker = vscode.window.createQuickPick<Item>();
    // VS Code adds "(n/m)" to the title when step and totalSteps are set.
    picker.title = options.title;
    if (options.step) {
      picker.step = options.step.step;
      picker.totalSteps = options.step.total;
    }
    picker.placeholder = options.placeholder;
    picker.ignoreFocusOut = true;
    picker.matchOnDescription = true;
    picker.canSelectMany = many;
    picker.buttons = options.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    const items: Item[] = options.items.map((entry) => (isSeparator(entry)
      ? { label: entry.separator, kind: vscode.QuickPickItemKind.Separator }
      : { label: entry.label, ...(entry.description ? { description: entry.description } : {}), ...(entry.detail ? { detail: entry.detail } : {}),
        value: entry.value }));
    picker.items = items;
    const active = options.active === undefined ? undefined : items.find((i) => i.value === options.active);
    if (active) picker.activeItems = [active];
    return new Promise((resolve) => {
      let settled = false;
      const done = (value: T | T[] | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
        picker.hide();
      };
      const subscriptions = [
        picker.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) done(BACK);
        }),
        picker.onDidAccept(() => {
          if (many) done(picker.selectedItems.map((i) => i.value!).filter((v) => v !== undefined));
          else if (picker.selectedItems[0]?.value !== undefined) done(picker.selectedItems[0].value);
        }),
        picker.onDidHide(() => {
          done(undefined);
          for (const s of subscriptions) s.dispose();
          picker.dispose();
        }),
      ];
      picker.show();
    });
  }

  input(options: InputOptions): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    if (options.step) {
      box.step = options.step.step;
      box.totalSteps = options.step.total;
    }
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    box.placeholder = options.placeholder;
    box.ignoreFocusOut = true;
    box.buttons = options.canGoBack ? [vscode.QuickInputButtons.Back] : [];
    return new Promise((resolve) => {
      let settled = false;
      const done = (value: string | Back | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
        box.hide();
      };
      const subscriptions = [
        box.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) done(BACK);
        }),
        box.onDidChangeValue((value) => {
          box.validationMessage = value ? options.validate(value) : undefined;
        }),
        box.onDidAccept(() => {
          const problem = options.validate(box.value);
          if (problem) box.validationMessage = problem;
          else done(box.value);
        }),
        box.onDidHide(() => {
          done(undefined);
          for (const s of subscriptions) s.dispose();
          box.dispose();
        }),
      ];
      box.show();
    });
  }

  async confirm(options: ConfirmOptions): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(options.message, { modal: true, detail: options.detail }, options.confirm);
    return choice === options.confirm;
  }

  async info(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showInformationMessage(message, ...actions);
  }

  async warn(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showWarningMessage(message, ...actions);
  }

  async error(message: string, ...actions: string[]): Promise<string | undefined> {
    return vscode.window.showErrorMessage(message, ...actions);
  }

  progress<T>(progressTitle: string, task: (report: ProgressReporter, token: vscode.CancellationToken) => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: progressTitle, cancellable: true },
      (progress, token) => task((message) => progress.report({ message }), token)));
  }

  status(message: string): void {
    vscode.window.setStatusBarMessage(message, 4000);
  }
}
