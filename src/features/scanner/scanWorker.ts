// The scan worker (bundled on its own as dist/scanWorker.js): runs the core on large inputs off the extension
// host's main thread, so a multi-megabyte file — minified, or full of key-shaped strings — can neither block the
// editor nor, as a decoded string on the main thread, swell its heap (and its garbage-collection pauses).
// Imports only the pure core, Node's buffer and worker_threads: no `vscode` here.
import { parentPort } from 'node:worker_threads';
import { type Finding } from '../../core/detection';
import { decodeFileBytes, scanFileText, scanTriggersFor, type FileScanOptions } from '../../core/scan';
import { applySuppressions, type IgnoreFileEntry, type SuppressionProblem, type WithSuppression } from '../../core/suppression';
import { NODE_TEXT_DECODERS } from '../../platform/nodeTextDecoders';

export type ScanRequest =
  | { readonly id: number; readonly kind: 'text'; readonly file: string; readonly text: string; readonly options: FileScanOptions }
  | {
    readonly id: number; readonly kind: 'bytes'; readonly file: string; readonly bytes: Uint8Array; readonly options: FileScanOptions;
    readonly entries: readonly IgnoreFileEntry[]; readonly today: string;
  };

/** What scanning a file's bytes gives: binary, or its findings with suppressions applied. */
export type BytesScanResult =
  | { readonly kind: 'binary' }
  | { readonly kind: 'text'; readonly findings: WithSuppression<Finding>[]; readonly problems: SuppressionProblem[]; readonly suppressed: number };

export type ScanResponse =
  | { readonly id: number; readonly findings: Finding[] }
  | { readonly id: number; readonly result: BytesScanResult }
  | { readonly id: number; readonly error: string };

/** Decodes and scans a file's bytes and applies its suppressions: the workspace scan's work for one file. */
export function scanBytes(request: Extract<ScanRequest, { kind: 'bytes' }>): BytesScanResult {
  const decoded = decodeFileBytes(request.bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers: scanTriggersFor(request.file, request.options) });
  if (decoded.kind === 'binary') return { kind: 'binary' };
  if (decoded.kind === 'noSecret') return { kind: 'text', findings: [], problems: [], suppressed: 0 };
  const found = scanFileText(request.file, decoded.text, request.options);
  const out = applySuppressions(found, { text: decoded.text, entries: request.entries, today: request.today });
  return { kind: 'text', findings: out.findings, problems: out.problems, suppressed: out.suppressed };
}

parentPort?.on('message', (request: ScanRequest) => {
  try {
    parentPort!.postMessage(request.kind === 'bytes'
      ? { id: request.id, result: scanBytes(request) } satisfies ScanResponse
      : { id: request.id, findings: scanFileText(request.file, request.text, request.options) } satisfies ScanResponse);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ScanResponse);
  }
});
