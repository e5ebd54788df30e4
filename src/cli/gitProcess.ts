// Runs git for `scan --git` and `scan --staged`: read-only plumbing (`rev-parse`, `log --raw`, `diff-index`,
// `cat-file --batch`) with every configuration-driven way of running another program switched off (why and how:
// src/core/git/gitSafety.ts), because the repository being scanned may not be trusted.
import { spawn } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { SAFE_GIT_ENVIRONMENT, SAFE_GIT_OPTIONS } from '../core/git';

/** No git output for this long means something is wrong (a lock, a prompt): the command is stopped. */
export const GIT_IDLE_TIMEOUT_MS = 120_000;

export class GitError extends Error {
  constructor(message: string, readonly notFound = false) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitCommand {
  readonly cwd: string;
  readonly args: readonly string[];
  /** Written to git's standard input, which is then closed. */
  readonly input?: string;
  /** Receives standard output as it arrives (otherwise it is collected and returned). */
  readonly onStdout?: (chunk: Buffer) => void;
  readonly idleTimeoutMs?: number;
}

/** Runs one git command; resolves with its standard output (empty when `onStdout` takes it), rejects with GitError. */
export function runGit(command: GitCommand): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...SAFE_GIT_OPTIONS, ...command.args], { cwd: command.cwd, env: { ...process.env, ...SAFE_GIT_ENVIRONMENT }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const idle = command.idleTimeoutMs ?? GIT_IDLE_TIMEOUT_MS;
    const fail = (error: GitError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    const touch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new GitError(`git ${command.args[0]} gave no output for ${Math.round(idle / 1000)} s and was stopped`)), idle);
    };
    touch();
    child.stdout.on('data', (chunk: Buffer) => {
      touch();
      if (!command.onStdout) {
        chunks.push(chunk);
        return;
      }
      try {
        command.onStdout(chunk);
      } catch (e) {
        fail(e instanceof GitError ? e : new GitError(e instanceof Error ? e.message : String(e)));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8');
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      fail(e.code === 'ENOENT' ? new GitError('git is not installed or not on PATH', true) : new GitError(`cannot run git: ${e.message}`));
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(firstLines(stderr) || `git ${command.args[0]} exited with code ${code}`));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading everything; the exit code tells
    child.stdin.end(command.input ?? '');
  });
}

/** git's own message, without its `fatal: ` prefix and at most two lines. */
function firstLines(stderr: string): string {
  return stderr.split('\n').map((l) => l.replace(/^(?:fatal|error): /, '').trim()).filter(Boolean).slice(0, 2).join('; ');
}
