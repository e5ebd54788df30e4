// Finds the `.cosmosguardignore` files that apply to a scan: the one in the report's base folder and those in its
// parent folders up to the repository root, with their entries' paths made relative to the base folder.
import fs from 'node:fs';
import path from 'node:path';
import { IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFileEntry } from '../core/suppression';

export interface IgnoreFileWarning {
  /** The ignore file, relative to the base folder (`../.cosmosguardignore` for a parent's). */
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface LoadedIgnoreFiles {
  /** Entries with paths relative to the base folder (entries for files outside it are dropped). */
  readonly entries: IgnoreFileEntry[];
  readonly warnings: IgnoreFileWarning[];
}

function folders(base: string): string[] {
  const chain: string[] = [];
  for (let dir = base; ; dir = path.dirname(dir)) {
    chain.push(dir);
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) return chain;
  }
}

export function loadIgnoreFiles(base: string): LoadedIgnoreFiles {
  const entries: IgnoreFileEntry[] = [];
  const warnings: IgnoreFileWarning[] = [];
  for (const dir of folders(base)) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, IGNORE_FILE_NAME), 'utf8');
    } catch {
      continue;
    }
    const shown = path.relative(base, path.join(dir, IGNORE_FILE_NAME)).split(path.sep).join('/');
    const prefix = path.relative(dir, base).split(path.sep).join('/');
    const parsed = parseIgnoreFile(text);
    for (const p of parsed.problems) warnings.push({ file: shown, line: p.line, message: p.message });
    for (const e of parsed.entries) {
      if (prefix === '') entries.push(e);
      else if (e.path.startsWith(`${prefix}/`)) entries.push({ ...e, path: e.path.slice(prefix.length + 1) });
    }
  }
  return { entries, warnings };
}
