// Git's verdict on one entry a workspace walker meets, shared by the editor's walkers (workspace file system and
// local worker) so both skip exactly the same things.
import { type IgnoreScope } from '../scan/ignoreScope';
import { type TrackedPaths } from './trackedPaths';

/** Where a folder sits in its repository: what the index tracks, and the folder's path from the repository root. */
export interface RepoPosition {
  readonly tracked: TrackedPaths;
  readonly path: string;
}

/**
 * `scan`, `ignored`, or `tracked`: ignored, but a tracked file or a folder holding one, so it is scanned (a walker
 * then keeps only tracked entries inside it: `insideIgnored`). `repoPath` is relative to the repository root.
 */
export function gitVerdict(scope: IgnoreScope, tracked: TrackedPaths, repoPath: string, isDirectory: boolean,
  insideIgnored = false): 'scan' | 'ignored' | 'tracked' {
  if (!insideIgnored && !scope.isIgnored(repoPath, isDirectory)) return 'scan';
  return tracked.covers(repoPath, isDirectory) ? 'tracked' : 'ignored';
}
