import type * as vscode from 'vscode';
import { identityDependency, installAdvice, MANIFEST_NAMES, type IdentityPackage, type InstallAdvice, type Manifest } from '../../core/clients';

export interface IdentityPackageStatus {
  /** Whether the nearest manifest lists the package (`unknown`: no manifest found, or one that cannot be read). */
  readonly dependency: 'present' | 'absent' | 'unknown';
  /** What to add and how, for that manifest's tooling. */
  readonly advice: InstallAdvice;
  /** The manifest that decided, when there is one. */
  readonly manifest?: vscode.Uri;
}

/** Manifests are read only this many folders up from the file (monorepos nest a few levels deep). */
const MAX_LEVELS = 12;

/**
 * Finds the manifest nearest to a file (package.json, requirements.txt / pyproject.toml…, *.csproj, pom.xml /
 * build.gradle), from the file's folder up to its workspace folder, and asks the core whether it lists the Azure
 * Identity package. Reads through `workspace.fs`, so it works in remote workspaces too; never runs an installer.
 */
export class IdentityPackageCheck {
  constructor(private readonly fs: Pick<vscode.FileSystem, 'readDirectory' | 'readFile'>, private readonly joinPath: (base: vscode.Uri, ...parts: string[]) => vscode.Uri) {}

  async status(file: vscode.Uri, root: vscode.Uri | undefined, pkg: IdentityPackage): Promise<IdentityPackageStatus> {
    const isManifest = MANIFEST_NAMES[pkg.ecosystem];
    let folder = this.joinPath(file, '..');
    for (let level = 0; level < MAX_LEVELS; level++) {
      const names = await this.list(folder);
      const found = names.filter(isManifest).sort((a, b) => rank(a) - rank(b));
      if (found.length) {
        const manifests: Manifest[] = [];
        for (const name of found) {
          const text = await this.read(this.joinPath(folder, name));
          if (text !== undefined) manifests.push({ name, text, siblings: names });
        }
        const dependency = manifests.length === found.length ? identityDependency(pkg.ecosystem, manifests) : 'unknown';
        return { dependency, advice: installAdvice(pkg, manifests[0]), manifest: this.joinPath(folder, found[0]!) };
      }
      if (!root || folder.toString() === root.toString() || !folder.path.startsWith(root.path)) break;
      const parent = this.joinPath(folder, '..');
      if (parent.toString() === folder.toString()) break;
      folder = parent;
    }
    return { dependency: 'unknown', advice: installAdvice(pkg) };
  }

  private async list(folder: vscode.Uri): Promise<string[]> {
    try {
      return (await this.fs.readDirectory(folder)).map(([name]) => name);
    } catch {
      return [];
    }
  }

  private async read(uri: vscode.Uri): Promise<string | undefined> {
    try {
      return new TextDecoder().decode(await this.fs.readFile(uri));
    } catch {
      return undefined;
    }
  }
}

/** When a folder has several manifests, the advice names the one its tooling edits. */
const PREFERRED = ['package.json', 'pyproject.toml', 'requirements.txt', 'pom.xml', 'build.gradle.kts', 'build.gradle'];

function rank(name: string): number {
  const i = PREFERRED.indexOf(name);
  return i >= 0 ? i : /\.csproj$/i.test(name) ? PREFERRED.length : PREFERRED.length + 1;
}
