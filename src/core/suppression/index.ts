export {
  applySuppressions, entriesForPath, expiredEntries, type SuppressibleFinding, type SuppressionInput, type SuppressionOutcome,
  type SuppressionProblem, type WithSuppression,
} from './applySuppressions';
export { commentStyleFor, formatSuppressionComment, validateSuppressionReason, type CommentStyle } from './commentSyntax';
export {
  formatIgnoreFileEntry, IGNORE_FILE_HEADER, IGNORE_FILE_NAME, normaliseEntryPath, parseIgnoreFile, type IgnoreFileEntry,
  type IgnoreFileProblem, type ParsedIgnoreFile,
} from './ignoreFile';
export { parseInlineSuppressions, SUPPRESSION_TOKEN, type InlineSuppression } from './inlineSuppressions';
export { formatCalendarDate, isCalendarDate, isExpired } from './suppressionDate';
