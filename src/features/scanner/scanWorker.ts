// The scan worker (bundled on its own as dist/scanWorker.js): runs the core off the extension host's main thread on
// large inputs and on inputs that are costly to scan (ScanEngine decides), so a file — minified, full of key-shaped
// strings or of suppression comments — can neither block the editor nor, as a multi-megabyte string decoded on the
// main thread, swell its heap (and its garbage-collection pauses).
// Imports only the pure core, Node's buffer and worker_threads: no `vscode` here.
import { parentPort } from 'node:worker_threads';
import { type Finding } from '../../core/detection';
import { scanFileText, type FileScanOptions } from '../../core/scan';
import { type IgnoreFileEntry } from '../../core/suppression';
import { scanSuppressedBytes, scanSuppressedText, type BytesScanResult, type TextScanResult } from '../../shared/suppressedScan';

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

export type ScanResponse =
  | { readonly id: number; readonly findings: Finding[] }
  | { readonly id: number; readonly result: BytesScanResult }
  | { readonly id: number; readonly textResult: TextScanResult }
  | { readonly id: number; readonly error: string };

function answer(request: ScanRequest): ScanResponse {
  switch (request.kind) {
    case 'bytes': return { id: request.id, result: scanSuppressedBytes(request.file, request.bytes, request.options, request) };
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
