// Entry point for the Restricted Mode suite: the runner opens its workspace with Workspace Trust on and the folder
// untrusted (see HOST_SUITES in test/harness/runHostTests.mjs). Same contract as test/host/index.ts.
import { runSuitesIn } from '../host/index';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
