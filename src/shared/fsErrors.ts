// Turns Node file-system errors into short, precise reasons for reports ("broken symbolic link (ENOENT)").

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'is a folder',
  ENOTDIR: 'a path component is not a folder',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'path too long',
  EBUSY: 'resource busy or locked',
};

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `what` names the situation when it is known better than the error code does (e.g. "broken symbolic link"). */
export function describeFsError(error: unknown, what?: string): string {
  const code = errorCode(error);
  const reason = code ? REASONS[code] : undefined;
  if (code === 'ENOENT' && what) return `${what} (ENOENT)`;
  if (reason) return `${what ? `${what}: ` : ''}${reason} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return `${what ? `${what}: ` : ''}${message}`;
}
