// The editor's FolderAccess over vscode.workspace.fs (locations as Uris), for the repository and ignore-file logic
// in src/core/git: the same decisions as the CLI's, on local, remote and virtual workspaces alike.
import * as vscode from 'vscode';
import { type FolderAccess } from '../../core/git';

type FileSystem = Pick<vscode.FileSystem, 'readFile' | 'stat'>;

/** `C:/x` or `C:\x` (a Windows path in a `gitdir:` line), or `/x`. */
const ABSOLUTE = /^(?:[A-Za-z]:)?[\\/]/;

export function workspaceFolderAccess(fs: FileSystem): FolderAccess<vscode.Uri> {
  const stat = async (uri: vscode.Uri): Promise<vscode.FileStat | undefined> => {
    try {
      return await fs.stat(uri);
    } catch {
      return undefined;
    }
  };
  return {
    parent: (uri) => {
      const up = vscode.Uri.joinPath(uri, '..');
      return up.path === uri.path ? undefined : up;
    },
    name: (uri) => uri.path.slice(uri.path.lastIndexOf('/') + 1),
    child: (dir, ...names) => vscode.Uri.joinPath(dir, ...names),
    resolve: (base, p) => {
      if (!ABSOLUTE.test(p)) return vscode.Uri.joinPath(base, p);
      return base.scheme === 'file' ? vscode.Uri.file(p) : base.with({ path: p.replace(/\\/g, '/').replace(/^(?=[A-Za-z]:)/, '/') });
    },
    kind: async (uri) => {
      const type = (await stat(uri))?.type;
      if (type === undefined) return undefined;
      return type & vscode.FileType.Directory ? 'directory' : type & vscode.FileType.File ? 'file' : undefined;
    },
    read: async (uri, maxBytes) => {
      const st = await stat(uri);
      if (!st || !(st.type & vscode.FileType.File)) return undefined;
      if (st.size > maxBytes) return 'tooLarge';
      try {
        const bytes = await fs.readFile(uri);
        return bytes.length > maxBytes ? 'tooLarge' : bytes;
      } catch {
        return undefined;
      }
    },
  };
}

/** Why a `vscode.workspace.fs` call failed, for reports; `deleted` when the file is gone. */
export function describeFsError(error: unknown): { deleted: boolean; reason: string } {
  if (error instanceof vscode.FileSystemError) {
    if (error.code === 'FileNotFound') return { deleted: true, reason: 'deleted during the scan' };
    if (error.code === 'NoPermissions') return { deleted: false, reason: 'permission denied' };
    if (error.code === 'FileIsADirectory') return { deleted: false, reason: 'is a folder' };
    return { deleted: false, reason: error.message || error.code };
  }
  return { deleted: false, reason: error instanceof Error ? error.message : String(error) };
}
