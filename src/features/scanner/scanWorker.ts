// The scan worker (bundled on its own as dist/scanWorker.js): runs the core off the extension host's main thread on
// large inputs and on inputs that are costly to scan (ScanEngine decides), so a file — minified, full of key-shaped
// strings or of suppression comments — can neither block the editor nor, as a multi-megabyte string decoded on the
// main thread, swell its heap (and its garbage-collection pauses).
// Imports only the pure core, Node's buffer and worker_threads: no `vscode` here.
import { parentPort } from 'node:worker_threads';
import { type Finding } from '../../core/detection';
import { decodeFileBytes, scanFileText, scanTriggersFor, type FileScanOptions } from '../../core/scan';
import { applySuppressions, type IgnoreFileEntry, type SuppressionProblem, type WithSuppression } from '../../core/suppression';
import { NODE_TEXT_DECODERS } from '../../shared/nodeTextDecoders';

/** What applying a file's suppressions needs: its `.cosmosguardignore` entries and today's date. */
export interface SuppressionContext {
  readonly entries: readonly IgnoreFileEntry[];
  readonly today: string;
}

export type ScanRequest =
  | { readonly id: number; readonly kind: 'text'; readonly file: string; readonly text: string; readonly options: FileScanOptions }
  | {
    readonly id: number; readonly kind: 'suppressedText'; readonly file: string; readonly text: string; readonly options: FileScanOptions;
    readonly entries: readonly IgnoreFileEntry[]; readonly today: string;
  }
  | {
    readonly id: number; readonly kind: 'bytes'; readonly file: string; readonly bytes: Uint8Array; readonly options: FileScanOptions;
    readonly entries: readonly IgnoreFileEntry[]; readonly today: string;
  };

/** A text's findings with its suppressions applied. */
export interface TextScanResult {
  readonly kind: 'text';
  readonly findings: WithSuppression<Finding>[];
  readonly problems: SuppressionProblem[];
  readonly suppressed: number;
}

/** What scanning a file's bytes gives: binary, or its findings with suppressions applied. */
export type BytesScanResult = { readonly kind: 'binary' } | TextScanResult;

export type ScanResponse =
  | { readonly id: number; readonly findings: Finding[] }
  | { readonly id: number; readonly result: BytesScanResult }
  | { readonly id: number; readonly textResult: TextScanResult }
  | { readonly id: number; readonly error: string };

/** Decodes and scans a file's bytes and applies its suppressions: the workspace scan's work for one file. */
export function scanBytes(request: Extract<ScanRequest, { kind: 'bytes' }>): BytesScanResult {
  const decoded = decodeFileBytes(request.bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers: scanTriggersFor(request.file, request.options) });
  if (decoded.kind === 'binary') return { kind: 'binary' };
  if (decoded.kind === 'noSecret') return { kind: 'text', findings: [], problems: [], suppressed: 0 };
  return scanSuppressedText(request.file, decoded.text, request.options, request);
}

/** Scans a text and applies its suppressions: the work for one file, in whichever thread runs it. */
export function scanSuppressedText(file: string, text: string, options: FileScanOptions, suppressions: SuppressionContext): TextScanResult {
  const found = scanFileText(file, text, options);
  const out = applySuppressions(found, { text, entries: suppressions.entries, today: suppressions.today });
  return { kind: 'text', findings: out.findings, problems: out.problems, suppressed: out.suppressed };
}

function answer(request: ScanRequest): ScanResponse {
  switch (request.kind) {
    case 'bytes': return { id: request.id, result: scanBytes(request) };
    case 'suppressedText': return { id: request.id, textResult: scanSuppressedText(request.file, request.text, request.options, request) };
    default: return { id: request.id, findings: scanFileText(request.file, request.text, request.options) };
  }
}

parentPort?.on('message', (request: ScanRequest) => {
  try {
    parentPort!.postMessage(answer(request));
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ScanResponse);
  }
});
