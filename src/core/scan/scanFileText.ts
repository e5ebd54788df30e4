// The one place a file's text is scanned: detection's secret rules, then the code rule `cosmos-key-based-client`
// (src/core/clients). The CLI, the editor's live and workspace scans and its scan worker all call this, so every
// way of scanning a file reports the same findings.
import { keyBasedClientFindings } from '../clients';
import { scanText, type Finding, type ScanOptions } from '../detection';

export interface FileScanOptions extends ScanOptions {
  /** Report Cosmos DB clients constructed with a key or connection string (`cosmos-key-based-client`); default true. */
  readonly keyBasedClients?: boolean;
}

/** Every finding in one file's text, sorted by position. Pure; `file` is used verbatim in findings and decides the language. */
export function scanFileText(file: string, text: string, options: FileScanOptions = {}): Finding[] {
  const secrets = scanText(file, text, options);
  if (options.keyBasedClients === false) return secrets;
  const clients = keyBasedClientFindings(file, text);
  if (clients.length === 0) return secrets;
  return [...secrets, ...clients].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
}
