// Whether a project already depends on its language's Azure Identity library, read from the manifest nearest to
// the file (package.json, requirements.txt / pyproject.toml…, *.csproj, pom.xml / build.gradle), and what to tell
// the user to add when it does not. Pure: the caller finds and reads the files; nothing here runs an installer.
import { type IdentityPackage } from './keyBasedClient';

export type Ecosystem = IdentityPackage['ecosystem'];

/** A manifest file: its name (no folder), its text, and the names of the files next to it (for lock files). */
export interface Manifest {
  readonly name: string;
  readonly text: string;
  readonly siblings?: readonly string[];
}

/** Which file names are manifests of an ecosystem. */
export const MANIFEST_NAMES: Readonly<Record<Ecosystem, (name: string) => boolean>> = {
  npm: (n) => n === 'package.json',
  pypi: (n) => n === 'pyproject.toml' || n === 'setup.cfg' || n === 'setup.py' || n === 'Pipfile' || /^requirements[\w.-]*\.txt$/i.test(n),
  nuget: (n) => /\.csproj$/i.test(n) || n === 'Directory.Packages.props' || n === 'packages.config',
  maven: (n) => n === 'pom.xml' || n === 'build.gradle' || n === 'build.gradle.kts',
};

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function hasDependency(ecosystem: Ecosystem, manifest: Manifest): boolean | undefined {
  const { name, text } = manifest;
  switch (ecosystem) {
    case 'npm': {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return undefined; // a package.json being edited: say nothing rather than something wrong
      }
      if (typeof json !== 'object' || json === null) return undefined;
      return NPM_SECTIONS.some((s) => {
        const deps = (json as Record<string, unknown>)[s];
        return typeof deps === 'object' && deps !== null && Object.prototype.hasOwnProperty.call(deps, '@azure/identity');
      });
    }
    case 'pypi':
      return /^requirements/i.test(name)
        ? text.split('\n').some((line) => /^[ \t]*azure[-_.]identity(?![\w-])/i.test(line))
        : /(?:^|["'\s])azure[-_.]identity(?![\w-])/i.test(text);
    case 'nuget':
      return /(?:Include|Update|id)\s*=\s*"Azure\.Identity"/i.test(text);
    case 'maven':
      return name === 'pom.xml' ? /<artifactId>\s*azure-identity\s*<\/artifactId>/.test(text) : /com\.azure:azure-identity\b|["']azure-identity["']/.test(text);
  }
}

/**
 * `present` when any of the manifests (of one folder) lists the package, `absent` when they can be read and none
 * does, `unknown` when there is no manifest or one cannot be read.
 */
export function identityDependency(ecosystem: Ecosystem, manifests: readonly Manifest[]): 'present' | 'absent' | 'unknown' {
  const relevant = manifests.filter((m) => MANIFEST_NAMES[ecosystem](m.name));
  if (relevant.length === 0) return 'unknown';
  const answers = relevant.map((m) => hasDependency(ecosystem, m));
  if (answers.includes(true)) return 'present';
  return answers.includes(undefined) ? 'unknown' : 'absent';
}

export interface InstallAdvice {
  /** One sentence, e.g. `Add @azure/identity: npm install @azure/identity`. */
  readonly message: string;
  /** The command to copy, when there is one. */
  readonly command?: string;
}

/** What to add, and how, for the manifest the file's project uses (or the ecosystem's usual way without one). */
export function installAdvice(pkg: IdentityPackage, manifest?: Manifest): InstallAdvice {
  const siblings = new Set(manifest?.siblings ?? []);
  const withCommand = (command: string, where = ''): InstallAdvice => ({ message: `Add ${pkg.name}${where}: ${command}`, command });
  switch (pkg.ecosystem) {
    case 'npm': {
      if (siblings.has('pnpm-lock.yaml')) return withCommand(`pnpm add ${pkg.name}`);
      if (siblings.has('yarn.lock')) return withCommand(`yarn add ${pkg.name}`);
      if (siblings.has('bun.lock') || siblings.has('bun.lockb')) return withCommand(`bun add ${pkg.name}`);
      return withCommand(`npm install ${pkg.name}`);
    }
    case 'pypi': {
      if (manifest?.name === 'pyproject.toml') {
        if (siblings.has('uv.lock')) return withCommand(`uv add ${pkg.name}`);
        if (siblings.has('poetry.lock') || /\[tool\.poetry/.test(manifest.text)) return withCommand(`poetry add ${pkg.name}`);
        return withCommand(`pip install ${pkg.name}`, ' to the dependencies in pyproject.toml');
      }
      if (manifest && /^requirements/i.test(manifest.name)) return withCommand(`pip install ${pkg.name}`, ` to ${manifest.name}`);
      return withCommand(`pip install ${pkg.name}`);
    }
    case 'nuget':
      return manifest && /\.csproj$/i.test(manifest.name)
        ? withCommand(`dotnet add ${manifest.name} package ${pkg.name}`) : withCommand(`dotnet add package ${pkg.name}`);
    case 'maven': {
      if (manifest?.name === 'pom.xml') {
        return { message: `Add ${pkg.name} to pom.xml: <dependency><groupId>com.azure</groupId><artifactId>azure-identity</artifactId></dependency>` };
      }
      if (manifest?.name.startsWith('build.gradle')) {
        const line = manifest.name.endsWith('.kts') ? `implementation("${pkg.name}")` : `implementation '${pkg.name}'`;
        return { message: `Add ${pkg.name} to ${manifest.name}: ${line} (with a version, unless the azure-sdk-bom provides it)` };
      }
      return { message: `Add ${pkg.name} to the project's build (Maven or Gradle)` };
    }
  }
}
