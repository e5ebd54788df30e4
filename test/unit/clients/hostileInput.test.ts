// The key-based-client analysis reads untrusted text (every file of a workspace, Restricted Mode included): it must
// stay linear whatever the file holds. Each input here is built at test time, 1 MB and 2 MB, and the number of
// characters the analysis examined (its own count) must grow with the input — never with its square — and stay
// within a small multiple of it. No wall-clock limits.
import * as assert from 'node:assert/strict';
import { findKeyBasedClients } from '../../../src/core/clients';

const MB = 1024 * 1024;

/** `unit` repeated until the text (after `head`) is at least `size` characters. */
function fill(head: string, unit: string, size: number, tail = ''): string {
  return head + unit.repeat(Math.ceil((size - head.length) / unit.length)) + tail;
}

function opsFor(file: string, text: string): number {
  const counter = { ops: 0 };
  findKeyBasedClients(file, text, counter);
  return counter.ops;
}

const JS = "import { CosmosClient } from '@azure/cosmos';\n";
const PY = 'from azure.cosmos import CosmosClient\n';
const CS = 'using Microsoft.Azure.Cosmos;\n';
const JAVA = 'import com.azure.cosmos.CosmosClientBuilder;\n';

const cases: [string, string, (size: number) => string][] = [
  ['constructions that never close', 'a.js', (n) => fill(JS, 'new CosmosClient(', n)],
  ['one construction nested a million deep', 'a.js', (n) => fill(`${JS}new CosmosClient(`, '(', n)],
  ['closed constructions, each looking up its argument', 'a.js', (n) => fill(JS, 'new CosmosClient(options);\n', n)],
  ['options with many properties', 'a.ts', (n) => fill(`${JS}new CosmosClient({`, 'a: 1, ', n, 'key })')],
  ['a regular-expression storm on one line', 'a.js', (n) => fill(`${JS}x = `, '/[(', n)],
  ['nested template holes', 'a.js', (n) => fill(JS, '`${', n)],
  ['whitespace between new and the class', 'a.js', (n) => fill(`${JS}new`, ' ', n, 'CosmosClient(x)')],
  ['a thousand import statements', 'a.js', (n) => fill('', "import { CosmosClient } from '@azure/cosmos';\nnew CosmosClient(c);\n", n)],
  ['declarations to search through', 'a.js', (n) => fill(JS, 'x x x x x x = = ;\nnew CosmosClient(x);\n', n)],
  ['Python: import lines', 'a.py', (n) => fill(PY, 'import os\n', n, 'CosmosClient(u, credential=k)\n')],
  ['Python: a parenthesised import that never closes', 'a.py', (n) => fill('from azure.cosmos import (', 'CosmosClient, ', n)],
  ['Python: calls with many keyword arguments', 'a.py', (n) => fill(PY, 'CosmosClient(u, credential=k, a=1, b=2)\n', n)],
  ['Python: triple quotes that never close', 'a.py', (n) => fill(`${PY}x = """`, "'''\"\"", n)],
  ['C#: nested interpolation holes', 'a.cs', (n) => fill(`${CS}new CosmosClient(e, k);\nvar s = `, '$"{', n)],
  ['C#: using directives', 'a.cs', (n) => fill('', 'using Microsoft.Azure.Cosmos;\nnew CosmosClient(e, k);\n', n)],
  ['C#: raw strings that never close', 'a.cs', (n) => fill(`${CS}new CosmosClient(e, k);\n`, '"""" ', n)],
  ['C#: target-typed look-alikes', 'a.cs', (n) => fill(CS, 'CosmosClient x = y; ', n)],
  ['Java: a builder chain of a hundred thousand calls', 'A.java', (n) => fill(`${JAVA}Object c = new CosmosClientBuilder()`, '.endpoint(e)', n, '.key(k);')],
  ['Java: builders with unclosed credentials', 'A.java', (n) => fill(JAVA, 'new CosmosClientBuilder().credential(new AzureKeyCredential(', n)],
];

describe('cosmos-key-based-client on hostile input (operation counts, 1 MB and 2 MB)', () => {
  for (const [name, file, build] of cases) {
    it(name, () => {
      const small = build(MB), large = build(2 * MB);
      assert.ok(small.length >= MB && large.length >= 2 * MB);
      const a = opsFor(file, small), b = opsFor(file, large);
      const ratio = b / a;
      assert.ok(ratio < 2.3, `2× the input cost ${ratio.toFixed(2)}× the operations (${a} → ${b})`);
      assert.ok(a < 40 * small.length, `${(a / small.length).toFixed(1)} operations per character`);
    });
  }
});
