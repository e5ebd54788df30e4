/** The languages whose Cosmos DB SDK client constructions the `cosmos-key-based-client` rule reads. */
export type ClientLanguage = 'javascript' | 'typescript' | 'python' | 'csharp' | 'java';

// A Map, not an object literal: a file named `x.constructor` or `x.__proto__` must not find Object's members.
const BY_EXTENSION: ReadonlyMap<string, ClientLanguage> = new Map([
  ['js', 'javascript'], ['mjs', 'javascript'], ['cjs', 'javascript'], ['jsx', 'javascript'],
  ['ts', 'typescript'], ['mts', 'typescript'], ['cts', 'typescript'], ['tsx', 'typescript'],
  ['py', 'python'], ['pyw', 'python'],
  ['cs', 'csharp'],
  ['java', 'java'],
]);

/**
 * The language of a file, by its extension: the CLI has no language ids, and the editor must decide exactly as it
 * does. Declaration files (`.d.ts`) hold no code that runs.
 */
export function clientLanguageOf(path: string): ClientLanguage | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name.endsWith('.d.ts') || name.endsWith('.d.mts') || name.endsWith('.d.cts')) return undefined;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? BY_EXTENSION.get(name.slice(dot + 1)) : undefined;
}

/** JavaScript and TypeScript share one analysis. */
export function isJavaScriptFamily(language: ClientLanguage): boolean {
  return language === 'javascript' || language === 'typescript';
}
