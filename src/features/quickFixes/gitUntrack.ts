// `git rm --cached -- <file>` for the environment-variable fix, when `.env` is already tracked: the file stays on
// disk, git stops tracking it. Quick-fixes run only in trusted workspaces, and git still runs with every
// configured program switched off (src/core/git/gitSafety.ts) and a time limit.
import { execFile } from 'node:child_process';
import { SAFE_GIT_ENVIRONMENT, SAFE_GIT_OPTIONS } from '../../core/git';

const UNTRACK_TIMEOUT_MS = 30_000;

/** Stops git tracking `relativePath` (relative to `folderPath`); rejects with git's own message. */
export function untrackFile(folderPath: string, relativePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', [...SAFE_GIT_OPTIONS, 'rm', '--cached', '--quiet', '--', relativePath],
      { cwd: folderPath, env: { ...process.env, ...SAFE_GIT_ENVIRONMENT }, timeout: UNTRACK_TIMEOUT_MS, windowsHide: true }, (error, _stdout, stderr) => {
        if (!error) return resolve();
        const timedOut = error.killed || (error as { signal?: string }).signal === 'SIGTERM';
        const message = timedOut ? `git did not answer within ${UNTRACK_TIMEOUT_MS / 1000} s` : stderr.trim().replace(/^(?:fatal|error): /, '') || error.message;
        reject(new Error(message));
      });
  });
}
