// Which callees of a Python file are `azure.cosmos`'s CosmosClient (`from azure.cosmos import CosmosClient as C`,
// `import azure.cosmos.aio as cosmos`, `from azure import cosmos`…), whether they are the asynchronous client, and
// how the file can name azure.identity's DefaultAzureCredential. Reads each import statement once (one pass over
// the file's lines in the code view, so imports inside strings or comments do not count).
import { matchingClose, type OpCounter } from './codeSyntax';
import { type CodeView } from './codeView';

/** A way the file calls CosmosClient: `qualifier` + `name`, e.g. '' + 'CosmosClient' or 'cosmos.' + 'CosmosClient'. */
export interface PythonCallee {
  readonly qualifier: string;
  readonly name: string;
  /** From `azure.cosmos.aio`: the rewrite needs `azure.identity.aio`'s credential. */
  readonly async: boolean;
}

export interface PythonBindings {
  readonly callees: PythonCallee[];
  /** End of the first `azure.cosmos` import statement (the new import goes on the line after it). */
  cosmosImportEnd?: number;
  /** How the file already names DefaultAzureCredential: `DefaultAzureCredential`, `identity.DefaultAzureCredential`… */
  readonly credential: { sync?: string; async?: string };
}

const MAX_STATEMENT = 4096;

export function pythonBindings(view: CodeView, counter: OpCounter): PythonBindings {
  const { code } = view;
  const bindings: PythonBindings = { callees: [], credential: {} };
  let lineStart = 0;
  while (lineStart < code.length) {
    let i = lineStart;
    while (i < code.length && (code.charCodeAt(i) === 32 || code.charCodeAt(i) === 9)) i++;
    counter.ops += i - lineStart + 1;
    let end = code.indexOf('\n', i);
    if (end < 0) end = code.length;
    if (code.startsWith('from', i) || code.startsWith('import', i)) {
      end = statementEnd(code, i, end, counter);
      // Only statements that can name azure.cosmos or azure.identity, and not absurdly long ones, are parsed.
      if (end - i <= MAX_STATEMENT && code.slice(i, end).includes('azure')) readImport(code.slice(i, end), end, bindings);
    }
    counter.ops += end - i;
    lineStart = end + 1;
  }
  return bindings;
}

/** A statement continues past the line break inside parentheses or after a backslash. */
function statementEnd(code: string, start: number, lineEnd: number, counter: OpCounter): number {
  let open = -1;
  for (let j = start; j < lineEnd && open < 0; j++) if (code.charCodeAt(j) === 40 /* ( */) open = j;
  if (open >= 0) {
    const close = matchingClose(code, open, MAX_STATEMENT, counter);
    if (close > 0) {
      const after = code.indexOf('\n', close);
      return after < 0 ? code.length : after;
    }
  }
  let end = lineEnd;
  while (end < code.length && end - start < MAX_STATEMENT && code.charCodeAt(end - 1) === 92 /* \ */) {
    const next = code.indexOf('\n', end + 1);
    end = next < 0 ? code.length : next;
  }
  return end;
}

function names(list: string): { name: string; alias: string }[] {
  return list.replace(/[()\\]/g, ' ').split(',').map((part) => part.trim().split(/\s+as\s+/))
    .filter((p) => /^[\w.*]+$/.test(p[0] ?? '') && (p.length === 1 || /^\w+$/.test(p[1] ?? '')))
    .map((p) => ({ name: p[0]!, alias: p[1] ?? p[0]! }));
}

const isCosmosModule = (m: string): boolean => m === 'azure.cosmos' || m.startsWith('azure.cosmos.');
const isAsyncModule = (m: string): boolean => m === 'azure.cosmos.aio' || m.startsWith('azure.cosmos.aio.');

function readImport(statement: string, end: number, b: PythonBindings): void {
  const from = /^from\s+([\w.]+)\s+import\s+([\s\S]+)$/.exec(statement);
  if (from) {
    const module = from[1]!;
    for (const { name, alias } of names(from[2]!)) {
      if (isCosmosModule(module)) {
        b.cosmosImportEnd ??= end;
        if (name === 'CosmosClient' || name === '*') b.callees.push({ qualifier: '', name: name === '*' ? 'CosmosClient' : alias, async: isAsyncModule(module) });
        else if (module === 'azure.cosmos' && name === 'aio') b.callees.push({ qualifier: `${alias}.`, name: 'CosmosClient', async: true });
      } else if (module === 'azure' && name === 'cosmos') {
        b.cosmosImportEnd ??= end;
        b.callees.push({ qualifier: `${alias}.`, name: 'CosmosClient', async: false });
      } else if (module === 'azure.identity' && (name === 'DefaultAzureCredential' || name === '*')) {
        b.credential.sync ??= name === '*' ? 'DefaultAzureCredential' : alias;
      } else if (module === 'azure.identity.aio' && (name === 'DefaultAzureCredential' || name === '*')) {
        b.credential.async ??= name === '*' ? 'DefaultAzureCredential' : alias;
      } else if (module === 'azure' && name === 'identity') {
        b.credential.sync ??= `${alias}.DefaultAzureCredential`;
      }
    }
    return;
  }
  const plain = /^import\s+([\s\S]+)$/.exec(statement);
  if (!plain) return;
  for (const { name, alias } of names(plain[1]!)) {
    if (isCosmosModule(name)) {
      b.cosmosImportEnd ??= end;
      b.callees.push({ qualifier: `${alias}.`, name: 'CosmosClient', async: isAsyncModule(name) });
    } else if (name === 'azure.identity') {
      b.credential.sync ??= `${alias}.DefaultAzureCredential`;
    } else if (name === 'azure.identity.aio') {
      b.credential.async ??= `${alias}.DefaultAzureCredential`;
    }
  }
}
