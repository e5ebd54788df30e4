// How Cosmos Guard runs git in a repository it may not trust. Every git command reads the repository's own
// `.git/config`, and several settings there name programs git then runs:
// - `core.fsmonitor` runs whenever git reads the index (status, diff-index, add, rm…);
// - `log.showSignature` makes `git log` run `gpg.program` (so do `%G` format placeholders, which we never use);
// - `diff.external` and textconv drivers run on diffs (`--raw` computes none; callers also pass `--no-ext-diff`
//   and `--no-textconv`);
// - `core.pager` runs on output to a terminal;
// - a partial clone fetches missing objects from its remote, whose URL (`ext::…`) or helper runs programs, and
//   `protocol.*.allow` in the same file could allow them: `GIT_ALLOW_PROTOCOL` set to nothing overrides it;
// - automatic maintenance (`gc.auto`) can run the `pre-auto-gc` hook; other hooks run only for commands that
//   write history (commit, merge, checkout), which Cosmos Guard never runs.
// Filter drivers (`filter.*.smudge`) apply to checkouts and `cat-file --filters` only, never to `cat-file --batch`.
// Command-line `-c` settings win over every configuration file. git's own `safe.directory` check (a repository
// owned by another user is refused) stays in force. Questions that every scan asks (which files are tracked) do
// not run git at all: the index is read directly (gitIndex.ts), which also works in Restricted Mode and on remote
// and virtual file systems.

/** `git <these> <command> …`: switches off every configured program for the command. */
export const SAFE_GIT_OPTIONS: readonly string[] = [
  '-c', 'core.fsmonitor=false', '-c', 'core.pager=cat', '-c', 'log.showSignature=false', '-c', 'diff.external=',
  '-c', 'protocol.allow=never', '-c', 'gc.auto=0', '-c', 'maintenance.auto=false', '--no-pager',
];

/**
 * Added to git's environment: no transport at all, no prompt, no optional index refresh (a read stays a read). Keep
 * the caller's GIT_DIR and GIT_INDEX_FILE: in a pre-commit hook git points them at what is being committed.
 */
export const SAFE_GIT_ENVIRONMENT: Readonly<Record<string, string>> = {
  GIT_ALLOW_PROTOCOL: '', GIT_PROTOCOL_FROM_USER: '0', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat',
};
