export { CatFileBatchParser, CatFileError, type BatchObject } from './catFileBatch';
export { GitIndexError, MAX_INDEX_PATH, parseGitIndex, type GitIndexContents } from './gitIndex';
export {
  entriesBelow, GITIGNORE, gitRulesAt, ignoreFilesUpward, MAX_IGNORE_FILE_BYTES, MAX_INDEX_BYTES, readTrackedPaths, repositoryRules, type FoundIgnoreFile,
  type RepositoryRules, type TrackedRead,
} from './ignoreChain';
export { locateFolder, MAX_PARENT_LEVELS, type FolderAccess, type FolderPlace, type FolderStep, type GitRepository } from './repositoryPlace';
export { TrackedPaths } from './trackedPaths';
export { gitVerdict, type RepoPosition } from './gitVerdict';
export { isNewFileContent, MAX_RAW_TOKEN, RawDiffError, RawDiffParser, type RawChange, type RawCommit } from './rawDiff';
export { SAFE_GIT_ENVIRONMENT, SAFE_GIT_OPTIONS } from './gitSafety';
