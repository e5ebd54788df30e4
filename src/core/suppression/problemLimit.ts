// A file can hold any number of broken suppressions (a generated file, or one written to flood a CI log): each
// becomes a warning or a diagnostic, so one file reports a bounded number and sums up the rest.

/** How many suppression problems one file reports before the rest are summed up in one more. */
export const MAX_PROBLEMS_PER_FILE = 100;

/** The first {@link MAX_PROBLEMS_PER_FILE} problems, then — when there were more — `summary(count of the rest, last kept)`. */
export function limitProblems<P>(problems: readonly P[], summary: (more: number, last: P) => P): P[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return [...problems];
  const kept = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  return [...kept, summary(problems.length - MAX_PROBLEMS_PER_FILE, kept[kept.length - 1]!)];
}
