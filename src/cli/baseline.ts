// `scan --baseline FILE`: a previous JSON report (`--format json`). Findings whose fingerprint it holds (as a finding
// or a suppressed one) are known already: they stay in the report (SARIF `baselineState: "unchanged"`) but no longer
// fail the build; only new fingerprints do. A fingerprint names a secret, not a place, so a known secret copied to
// another file is not new — it was leaked already.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './argParser';
import { describeFsError } from '../shared/fsErrors';

/** A report larger than this is not a baseline anyone wrote by hand or by a scan of a sane tree. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

function fingerprintsOf(list: unknown, into: Set<string>): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  for (const f of list as unknown[]) {
    const fp = (f as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fp !== 'string') return false;
    into.add(fp);
  }
  return true;
}

/** The fingerprints of a JSON report; a usage error (exit code 2) when the file is not one. */
export function readBaseline(file: string, cwd: string): ReadonlySet<string> {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    if (fs.statSync(abs).size > MAX_BASELINE_BYTES) throw new UsageError(`--baseline: '${file}' is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB`, 'scan');
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--baseline: cannot read '${file}': ${describeFsError(e)}`, 'scan');
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline: '${file}' is not JSON (write it with 'cosmos-guard scan --format json')`, 'scan');
  }
  const fingerprints = new Set<string>();
  const r = report as { findings?: unknown; keyBasedClients?: unknown; suppressed?: unknown } | null;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.findings) || !fingerprintsOf(r.findings, fingerprints)
    || !fingerprintsOf(r.keyBasedClients, fingerprints) || !fingerprintsOf(r.suppressed, fingerprints)) {
    throw new UsageError(`--baseline: '${file}' is not a cosmos-guard JSON report (expected {"findings":[{"fingerprint":…}…]})`, 'scan');
  }
  return fingerprints;
}
