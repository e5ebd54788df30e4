// Just enough of the `.env` format (dotenv, python-dotenv, docker compose) to read which names are defined with
// which values, and to append a new one that every one of those readers, and a POSIX shell, reads back unchanged.

/** Names defined in a `.env` text and their values (quotes removed). Later definitions win, as in dotenv. */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(raw.replace(/\r$/, ''));
    if (!m) continue;
    let value = m[2]!;
    if (value.startsWith('\'')) {
      const end = value.indexOf('\'', 1);
      value = end === -1 ? value.slice(1) : value.slice(1, end);
    } else if (value.startsWith('"')) {
      const q = /^"((?:[^"\\]|\\.)*)"/.exec(value);
      value = (q ? q[1]! : value.slice(1)).replace(/\\(["\\$])/g, '$1').replace(/\\n/g, '\n');
    } else {
      const comment = value.search(/\s#/);
      if (comment !== -1) value = value.slice(0, comment).trimEnd();
    }
    vars.set(m[1]!, value);
  }
  return vars;
}

/**
 * A value as `.env` must spell it: bare when it is shell-safe (keys are: base64 and `=`), single-quoted otherwise
 * (no expansion, no escapes in any reader), double-quoted with `\`, `"`, `$` escaped only if it holds a `'`.
 */
export function formatDotenvValue(value: string): string {
  if (/^[A-Za-z0-9+/=_.:@%-]+$/.test(value)) return value;
  if (!value.includes('\'') && !/[\r\n]/.test(value)) return `'${value}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')}"`;
}

export function formatDotenvLine(name: string, value: string): string {
  return `${name}=${formatDotenvValue(value)}`;
}

/**
 * The name to use for `value`: `base` when it is free or already holds this very value, otherwise the first free
 * `base_2`, `base_3`… — an existing variable is never overwritten with a different value.
 */
export function chooseVariableName(base: string, value: string, existing: ReadonlyMap<string, string>): { name: string; defined: boolean } {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    const current = existing.get(name);
    if (current === undefined) return { name, defined: false };
    if (current === value) return { name, defined: true };
  }
}

/** What to insert at the end of a file holding `existing` to add `lines` (each without a line break) after it. */
export function appendLines(existing: string, lines: readonly string[], eol = '\n'): string {
  const separator = existing.length > 0 && !existing.endsWith('\n') ? eol : '';
  return separator + lines.map((l) => l + eol).join('');
}
