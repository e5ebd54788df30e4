// One file's scan as the editor does it — decode, detect, apply its suppressions — for whichever thread runs it: the
// extension host, the scan worker, or the local-folder scan worker. One home, so every path gives the same result.
import { type Finding } from '../core/detection';
import { decodeFileBytes, scanFileText, scanTriggersFor, type FileScanOptions } from '../core/scan';
import { applySuppressions, type IgnoreFileEntry, type SuppressionProblem, type WithSuppression } from '../core/suppression';
import { NODE_TEXT_DECODERS } from './nodeTextDecoders';

/** What applying a file's suppressions needs: its `.cosmosguardignore` entries and today's date. */
export interface SuppressionContext {
  readonly entries: readonly IgnoreFileEntry[];
  readonly today: string;
}

/** A text's findings with its suppressions applied. */
export interface TextScanResult {
  readonly kind: 'text';
  readonly findings: WithSuppression<Finding>[];
  readonly problems: SuppressionProblem[];
  readonly suppressed: number;
}

/** What scanning a file's bytes gives: binary, or its findings with suppressions applied. */
export type BytesScanResult = { readonly kind: 'binary' } | TextScanResult;

/** Scans a text and applies its suppressions. */
export function scanSuppressedText(file: string, text: string, options: FileScanOptions, suppressions: SuppressionContext): TextScanResult {
  const found = scanFileText(file, text, options);
  const out = applySuppressions(found, { text, entries: suppressions.entries, today: suppressions.today });
  return { kind: 'text', findings: out.findings, problems: out.problems, suppressed: out.suppressed };
}

/** Decodes and scans a file's bytes and applies its suppressions (bytes without any trigger are not decoded). */
export function scanSuppressedBytes(file: string, bytes: Uint8Array, options: FileScanOptions, suppressions: SuppressionContext): BytesScanResult {
  const decoded = decodeFileBytes(bytes, NODE_TEXT_DECODERS, { skipWithoutTriggers: true, triggers: scanTriggersFor(file, options) });
  if (decoded.kind === 'binary') return { kind: 'binary' };
  if (decoded.kind === 'noSecret') return { kind: 'text', findings: [], problems: [], suppressed: 0 };
  return scanSuppressedText(file, decoded.text, options, suppressions);
}
