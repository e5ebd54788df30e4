import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { applyTextEdits, planEnvVariableFix } from '../../../src/core/remediation';
import { identifiableKey, legacyKey, seededRandom } from '../../support/keyFactory';

const key = legacyKey(seededRandom(31), { alphanumericOnly: true });
const conn = `AccountEndpoint=https://shop.documents.azure.com:443/;AccountKey=${key};`;
const ident = identifiableKey(seededRandom(32));
const mongo = `mongodb://shop:${encodeURIComponent(key)}@shop.mongo.cosmos.azure.com:10255/?ssl=true`;

/** Plans the fix for the first finding in `text` and applies it with the suggested name. */
function fix(languageId: string, path: string, text: string) {
  const [finding] = scanText(path, text);
  assert.ok(finding, `no finding in ${path}`);
  const plan = planEnvVariableFix({ languageId, path, text, finding });
  return plan && { plan, result: applyTextEdits(text, plan.edits(plan.suggestedName)) };
}

describe('replace with an environment variable', () => {
  const cases: [string, string, string, string, string, string][] = [
    // languageId, path, before, after, name, value
    ['javascript', 'src/db.js', `const c = '${conn}';\n`, 'const c = process.env.COSMOS_CONNECTION_STRING;\n', 'COSMOS_CONNECTION_STRING', conn],
    ['typescript', 'a.ts', `const k: string = "${ident}";\n`, 'const k: string = process.env.COSMOS_KEY;\n', 'COSMOS_KEY', ident],
    ['javascript', 'a.js', `new CosmosClient({ endpoint: "https://shop.documents.azure.com", key: \`${ident}\` });\n`,
      'new CosmosClient({ endpoint: "https://shop.documents.azure.com", key: process.env.COSMOS_KEY });\n', 'COSMOS_KEY', ident],
    ['python', 'r.py', `import sys\nURI = "${mongo}"\n`, `import os\nimport sys\nURI = os.environ["COSMOS_MONGODB_URI"]\n`, 'COSMOS_MONGODB_URI', mongo],
    ['python', 'r.py', `import os\nURI = f'${mongo}'\n`, 'import os\nURI = os.environ["COSMOS_MONGODB_URI"]\n', 'COSMOS_MONGODB_URI', mongo],
    ['python', 'r.py', `"""Doc."""\nURI = "${mongo}"\n`, `"""Doc."""\nimport os\nURI = os.environ["COSMOS_MONGODB_URI"]\n`, 'COSMOS_MONGODB_URI', mongo],
    ['csharp', 'Db.cs', `using Microsoft.Azure.Cosmos;\nvar c = new CosmosClient(@"${conn}");\n`,
      'using System;\nusing Microsoft.Azure.Cosmos;\nvar c = new CosmosClient(Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING"));\n', 'COSMOS_CONNECTION_STRING', conn],
    ['csharp', 'Db.cs', `var c = new CosmosClient("${conn}");\n`, 'var c = new CosmosClient(Environment.GetEnvironmentVariable("COSMOS_CONNECTION_STRING"));\n',
      'COSMOS_CONNECTION_STRING', conn],
    ['java', 'Db.java', `String c = "${conn}";\n`, 'String c = System.getenv("COSMOS_CONNECTION_STRING");\n', 'COSMOS_CONNECTION_STRING', conn],
    ['go', 'main.go', `package main\n\nimport (\n\t"fmt"\n)\n\nvar c = "${conn}"\n`,
      'package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar c = os.Getenv("COSMOS_CONNECTION_STRING")\n', 'COSMOS_CONNECTION_STRING', conn],
    ['go', 'main.go', `package main\n\nvar c = \`${conn}\`\n`, 'package main\n\nimport "os"\n\nvar c = os.Getenv("COSMOS_CONNECTION_STRING")\n', 'COSMOS_CONNECTION_STRING', conn],
    ['php', 'a.php', `<?php $c = '${conn}';\n`, '<?php $c = getenv(\'COSMOS_CONNECTION_STRING\');\n', 'COSMOS_CONNECTION_STRING', conn],
    // Only the key moves when the literal holds more than a connection string.
    ['javascript', 'a.js', `log("using AccountKey=${key}; for shop.documents.azure.com");\n`,
      'log("using AccountKey=" + process.env.COSMOS_KEY + "; for shop.documents.azure.com");\n', 'COSMOS_KEY', key],
    ['python', 'a.py', `import os\nCONN = "prefix AccountEndpoint=https://shop.documents.azure.com:443/;AccountKey=${key};"\n`,
      'import os\nCONN = "prefix AccountEndpoint=https://shop.documents.azure.com:443/;AccountKey=" + os.environ["COSMOS_KEY"] + ";"\n', 'COSMOS_KEY', key],
    // ${X}-style formats.
    ['dockercompose', 'docker-compose.yml', `services:\n  api:\n    environment:\n      - COSMOS=${conn}\n`,
      'services:\n  api:\n    environment:\n      - COSMOS=${COSMOS_CONNECTION_STRING}\n', 'COSMOS_CONNECTION_STRING', conn],
    ['yaml', 'compose.yaml', `services:\n  api:\n    environment:\n      COSMOS: "${conn}"\n`,
      'services:\n  api:\n    environment:\n      COSMOS: "${COSMOS_CONNECTION_STRING}"\n', 'COSMOS_CONNECTION_STRING', conn],
    ['yaml', '.github/workflows/ci.yml', `jobs:\n  t:\n    env:\n      COSMOS_KEY: ${ident} # prod\n`,
      'jobs:\n  t:\n    env:\n      COSMOS_KEY: ${{ secrets.COSMOS_KEY }} # prod\n', 'COSMOS_KEY', ident],
    ['properties', 'src/main/resources/application.properties', `azure.cosmos.key=${ident}\n`, 'azure.cosmos.key=${COSMOS_KEY}\n', 'COSMOS_KEY', ident],
    ['yaml', 'application-dev.yml', `azure:\n  cosmos:\n    uri: ${conn}\n`, 'azure:\n  cosmos:\n    uri: ${COSMOS_CONNECTION_STRING}\n', 'COSMOS_CONNECTION_STRING', conn],
  ];
  for (const [languageId, path, before, after, name, value] of cases) {
    it(`${languageId} ${path}: ${after.split('\n').find((l) => /env|environ|getenv|Getenv|\$\{/i.test(l))?.trim()}`, () => {
      const out = fix(languageId, path, before);
      assert.ok(out, 'no plan');
      assert.equal(out.result, after);
      assert.equal(out.plan.suggestedName, name);
      assert.equal(out.plan.value, value);
      assert.equal(out.plan.target, path.includes('.github/workflows') ? 'github-secret' : 'dotenv');
    });
  }

  it('unescapes JSON-style escapes when the whole literal moves', () => {
    const escaped = conn.replace(/\//g, '\\/');
    const out = fix('javascript', 'a.js', `const c = "${escaped}";\n`);
    assert.equal(out?.plan.value, conn);
  });

  const none: [string, string, string][] = [
    ['a .env file (it is where secrets go)', '.env', `COSMOS=${conn}\n`],
    ['a Kubernetes manifest (no ${X} references)', 'k8s/deploy.yaml', `env:\n  - name: COSMOS\n    value: "${conn}"\n`],
    ['JSON (no references at all)', 'appsettings.json', `{ "Cosmos": "${conn}" }\n`],
    ['a multi-line literal', 'a.js', `const c = \`\n${conn}\n\`;\n`],
    ['a Python bytes literal', 'a.py', `c = b"${conn}"\n`],
    ['plain text', 'notes.txt', `key: ${conn}\n`],
  ];
  for (const [what, path, text] of none) {
    it(`offers nothing for ${what}`, () => {
      const languageId = path.endsWith('.js') ? 'javascript' : path.endsWith('.py') ? 'python' : path.endsWith('.yaml') ? 'yaml' : 'plaintext';
      assert.equal(fix(languageId, path, text), undefined);
    });
  }

  it('moves only the key when the rest of the literal has escapes it cannot reproduce', () => {
    const out = fix('javascript', 'a.js', `const c = "${conn}\\n";\n`);
    assert.equal(out?.plan.scope, 'secret');
    assert.equal(out?.result, 'const c = "AccountEndpoint=https://shop.documents.azure.com:443/;AccountKey=" + process.env.COSMOS_KEY + ";\\n";\n');
  });

  it('does not replace the public emulator key (not a secret)', () => {
    const text = `const k = "${key}";\n`;
    const plan = planEnvVariableFix({ languageId: 'javascript', path: 'a.js', text,
      finding: { startOffset: 11, endOffset: 11 + key.length, kind: 'account-key', encoding: 'raw', rule: 'cosmos-emulator-key' } });
    assert.equal(plan, undefined);
  });
});
