// What a command needs from the process, passed in so that commands can be run in-process by tests.

export interface CliIo {
  readonly cwd: string;
  /** Writes to standard output; resolves when the data has been handed to the OS. */
  readonly stdout: (text: string) => Promise<void>;
  readonly stderr: (text: string) => void;
}

/** A subcommand: `run` returns the process exit code (0 clean, 1 findings, 2 usage or I/O error). */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
