/** Files larger than this many bytes are skipped unread, by default (`cosmosGuard.scan.maxFileSize`, `--max-file-size`). */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
