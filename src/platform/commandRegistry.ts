import type * as vscode from 'vscode';
import { type CommandId } from './commandIds';
import { type ErrorBoundary } from './errorBoundary';

/**
 * One handler per command id: the type makes a missing or unknown command a compile error. Arguments come from
 * menus, keybindings or other extensions, so handlers take `unknown` and check what they get.
 */
export type CommandHandlers = { readonly [K in CommandId]: (...args: unknown[]) => unknown };

/** Registers every command through the error boundary; the caller disposes the result. */
export function registerCommands(
  commands: Pick<typeof vscode.commands, 'registerCommand'>,
  boundary: ErrorBoundary,
  handlers: CommandHandlers,
): vscode.Disposable[] {
  return (Object.entries(handlers) as [CommandId, CommandHandlers[CommandId]][]).map(([id, handler]) =>
    commands.registerCommand(id, boundary.wrap(id, handler)));
}
