import type * as vscode from 'vscode';

/** Something going on with an account that its row shows: an unfinished key rotation, a regeneration running. */
export interface AccountAnnotation {
  /** Put before the row's description: "rotation 4/6: switch apps to secondary". */
  readonly status: string;
  /** Markdown added to the row's tooltip (text from Azure escaped by the caller). */
  readonly tooltip: string;
  /** A guided rotation is unfinished: the row offers Resume Rotation and Abandon Rotation. */
  readonly rotating: boolean;
}

/** Where account annotations come from (the key-rotation feature); the tree redraws when they change. */
export interface AccountAnnotations {
  annotationOf(accountId: string): AccountAnnotation | undefined;
  readonly onDidChange: vscode.Event<void>;
}
