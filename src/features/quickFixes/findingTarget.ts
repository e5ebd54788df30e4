import type * as vscode from 'vscode';
import { type Finding } from '../../core/detection';
import { type FileScanOptions } from '../../core/scan';
import { type ScanEngine } from '../scanner/scanEngine';

/** How a quick-fix names its finding: stable across edits elsewhere in the file (offsets are not). */
export interface FindingTarget {
  readonly fingerprint: string;
  readonly rule: string;
  /** 1-based line where the finding was when the fix was offered: the tie-breaker between equal secrets. */
  readonly line: number;
}

export function isFindingTarget(value: unknown): value is FindingTarget {
  const v = value as Partial<FindingTarget> | undefined;
  return typeof v === 'object' && v !== null && typeof v.fingerprint === 'string' && typeof v.rule === 'string' && typeof v.line === 'number';
}

export function targetOf(finding: Pick<Finding, 'fingerprint' | 'rule' | 'line'>): FindingTarget {
  return { fingerprint: finding.fingerprint, rule: finding.rule, line: finding.line };
}

/**
 * Finds the target in the document as it is now (it may have moved since the fix was offered): rescans the text
 * and picks the finding with the same fingerprint and rule nearest to the original line.
 */
export async function locateFinding(document: vscode.TextDocument, path: string, target: FindingTarget,
  engine: Pick<ScanEngine, 'scan'>, options: FileScanOptions): Promise<Finding | undefined> {
  const findings = await engine.scan(path, document.getText(), options);
  return findings.filter((f) => f.fingerprint === target.fingerprint && f.rule === target.rule)
    .sort((a, b) => Math.abs(a.line - target.line) - Math.abs(b.line - target.line))[0];
}
