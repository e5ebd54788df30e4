// Finds the `.cosmosguardignore` files that apply to a scan: the one in the report's base folder and those in its
// parent folders up to the repository root (outside a repository, the base folder's alone), with their entries'
// paths made relative to the base folder. Which files apply is decided in src/core/git, as for the editor.
import { entriesBelow, ignoreFilesUpward, locateFolder } from '../core/git';
import { IGNORE_FILE_NAME, parseIgnoreFile, type IgnoreFileEntry } from '../core/suppression';
import { NODE_FOLDER_ACCESS } from '../shared/nodeFolderAccess';

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

export async function loadIgnoreFiles(base: string): Promise<LoadedIgnoreFiles> {
  const entries: IgnoreFileEntry[] = [];
  const warnings: IgnoreFileWarning[] = [];
  const place = await locateFolder(base, NODE_FOLDER_ACCESS);
  for (const found of await ignoreFilesUpward(place, NODE_FOLDER_ACCESS, IGNORE_FILE_NAME)) {
    const shown = `${'../'.repeat(found.levelsUp)}${IGNORE_FILE_NAME}`;
    const parsed = parseIgnoreFile(found.text);
    for (const p of parsed.problems) warnings.push({ file: shown, line: p.line, message: p.message });
    for (const e of entriesBelow(parsed.entries, found.below)) entries.push(e);
  }
  return { entries, warnings };
}
