// The `cosmos-key-based-client` analysis of one file: which Cosmos DB SDK clients it constructs with an account key
// or a connection string, and how each could use Microsoft Entra ID instead. Pure and linear in the text: a code
// view (one pass), then bounded reads around each construction, at most MAX_CONSTRUCTIONS of them.
import { analysisContext, type AnalysisContext } from './analysisContext';
import { clientLanguageOf, type ClientLanguage } from './clientLanguage';
import { type OpCounter } from './codeSyntax';
import { buildCodeView, type CodeView } from './codeView';
import { findCSharpClients } from './csharpClients';
import { findJavaClients } from './javaClients';
import { findJavaScriptClients } from './javascriptClients';
import { type KeyBasedClient } from './keyBasedClient';
import { findPythonClients } from './pythonClients';

/**
 * Text at least one of which occurs in every file the analysis can report on (`CosmosClient`,
 * `CosmosClientBuilder`, an import of either): files without it are not read further. Byte-level pre-checks use it.
 */
export const CLIENT_TRIGGERS: readonly string[] = ['CosmosClient'];

const FINDERS: Readonly<Record<ClientLanguage, (ctx: AnalysisContext) => KeyBasedClient[]>> = {
  javascript: findJavaScriptClients,
  typescript: findJavaScriptClients,
  python: findPythonClients,
  csharp: findCSharpClients,
  java: findJavaClients,
};

/**
 * Cosmos DB clients `text` constructs with a key or connection string, in order. `path` decides the language (by
 * its extension); other files give none. `counter`, when given, receives the number of characters examined.
 */
export function findKeyBasedClients(path: string, text: string, counter: OpCounter = { ops: 0 }): KeyBasedClient[] {
  return analyseFile(path, text, counter)?.clients ?? [];
}

/** The analysis with the code view it ran on (the rule's findings reuse the view for their fingerprints). */
export function analyseFile(path: string, text: string, counter: OpCounter = { ops: 0 }): { view: CodeView; clients: KeyBasedClient[] } | undefined {
  const language = clientLanguageOf(path);
  if (!language || !CLIENT_TRIGGERS.some((t) => text.includes(t))) return undefined;
  const view = buildCodeView(text, language);
  counter.ops += view.steps;
  const clients = FINDERS[language](analysisContext(view, counter)).sort((a, b) => a.start - b.start || a.end - b.end);
  return { view, clients };
}
