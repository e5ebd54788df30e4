import { type PostureFinding, type PostureSeverity, SEVERITIES } from './postureFinding';

/** What a badge or a row description needs from an account's findings. */
export interface PostureSummary {
  /** The worst severity present, or `undefined` when there are no findings. */
  readonly worst: PostureSeverity | undefined;
  readonly counts: Readonly<Record<PostureSeverity, number>>;
  readonly total: number;
}

/** Worst severity and counts by severity (the view badge counts accounts whose `worst` is `high`). */
export function summarise(findings: readonly Pick<PostureFinding, 'severity'>[]): PostureSummary {
  const counts: Record<PostureSeverity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { worst: SEVERITIES.find((s) => counts[s] > 0), counts, total: findings.length };
}
