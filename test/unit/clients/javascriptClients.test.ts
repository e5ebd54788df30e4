import { conn, key, runCases, type ClientCase } from './clientCases';

const REQUIRE = "const { CosmosClient } = require('@azure/cosmos');\n";
const IMPORT = "import { CosmosClient } from '@azure/cosmos';\n";
const DAC_REQUIRE = "const { DefaultAzureCredential } = require('@azure/identity');\n";
const DAC_IMPORT = "import { DefaultAzureCredential } from '@azure/identity';\n";

const positive: ClientCase[] = [
  {
    name: 'require + { endpoint, key } shorthand: the key, read from the environment, becomes aadCredentials',
    file: 'src/db.js',
    text: `${REQUIRE}const endpoint = process.env.COSMOS_ENDPOINT;\nconst key = process.env.COSMOS_KEY;\nconst client = new CosmosClient({ endpoint, key });\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'new CosmosClient({ endpoint, key })',
      rewritten: `${REQUIRE}${DAC_REQUIRE}const endpoint = process.env.COSMOS_ENDPOINT;\nconst key = process.env.COSMOS_KEY;\n`
        + 'const client = new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential() });\n',
    },
  },
  {
    name: 'ES import, options over several lines: the endpoint line stays as it is',
    file: 'src/db.ts',
    text: `${IMPORT}\nexport const client = new CosmosClient({\n  endpoint: config.get('cosmos.endpoint'),\n  key: config.get('cosmos.key'),\n  userAgentSuffix: 'orders',\n});\n`,
    expect: {
      credential: 'account-key', source: 'configuration',
      construction: "new CosmosClient({\n  endpoint: config.get('cosmos.endpoint'),\n  key: config.get('cosmos.key'),\n  userAgentSuffix: 'orders',\n})",
      rewritten: `${IMPORT}${DAC_IMPORT}\nexport const client = new CosmosClient({\n  endpoint: config.get('cosmos.endpoint'),\n`
        + "  aadCredentials: new DefaultAzureCredential(),\n  userAgentSuffix: 'orders',\n});\n",
    },
  },
  {
    name: 'a hard-coded key literal (quoted property name, double quotes, no semicolons)',
    file: 'app.mjs',
    text: `import { CosmosClient } from "@azure/cosmos"\nconst c = new CosmosClient({ "endpoint": "https://acct1.documents.azure.com:443/", "key": "${key(1)}" })\n`,
    expect: {
      credential: 'account-key', source: 'literal', construction: `new CosmosClient({ "endpoint": "https://acct1.documents.azure.com:443/", "key": "${key(1)}" })`,
      rewritten: 'import { CosmosClient } from "@azure/cosmos"\nimport { DefaultAzureCredential } from "@azure/identity"\n'
        + 'const c = new CosmosClient({ "endpoint": "https://acct1.documents.azure.com:443/", aadCredentials: new DefaultAzureCredential() })\n',
    },
  },
  {
    name: 'a connection-string literal: the endpoint comes out of it, the key goes',
    file: 'src/db.js',
    text: `${REQUIRE}const client = new CosmosClient('${conn(2)}');\n`,
    expect: {
      credential: 'connection-string', source: 'literal', construction: `new CosmosClient('${conn(2)}')`,
      rewritten: `${REQUIRE}${DAC_REQUIRE}const client = new CosmosClient({ endpoint: 'https://acct2.documents.azure.com:443/', aadCredentials: new DefaultAzureCredential() });\n`,
    },
  },
  {
    name: 'a name declared with a connection-string literal (the demo\'s shape): only the construction changes',
    file: 'src/db.js',
    text: `${REQUIRE}\nconst connectionString =\n  '${conn(3)}';\n\nconst client = new CosmosClient(connectionString);\n`,
    expect: {
      credential: 'connection-string', source: 'literal', construction: 'new CosmosClient(connectionString)',
      rewritten: `${REQUIRE}${DAC_REQUIRE}\nconst connectionString =\n  '${conn(3)}';\n\n`
        + "const client = new CosmosClient({ endpoint: 'https://acct3.documents.azure.com:443/', aadCredentials: new DefaultAzureCredential() });\n",
    },
  },
  {
    name: 'a connection string from the environment, with the endpoint variable read in the same file',
    file: 'src/db.ts',
    text: `${IMPORT}const endpoint = process.env.COSMOS_ENDPOINT!;\nexport const client = new CosmosClient(process.env.COSMOS_CONNECTION_STRING!);\n`,
    expect: {
      credential: 'connection-string', source: 'configuration', construction: 'new CosmosClient(process.env.COSMOS_CONNECTION_STRING!)',
      rewritten: `${IMPORT}${DAC_IMPORT}const endpoint = process.env.COSMOS_ENDPOINT!;\n`
        + 'export const client = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT!, aadCredentials: new DefaultAzureCredential() });\n',
    },
  },
  {
    name: 'a connection string from the environment and no endpoint setting: reported, not rewritten',
    file: 'src/db.ts',
    text: `${IMPORT}export const client = new CosmosClient(process.env.COSMOS_CONNECTION_STRING ?? '');\n`,
    expect: { credential: 'connection-string', source: 'configuration', construction: "new CosmosClient(process.env.COSMOS_CONNECTION_STRING ?? '')", rewritten: null },
  },
  {
    name: 'an aliased import',
    file: 'a.js',
    text: `import { CosmosClient as Client, PartitionKeyKind } from '@azure/cosmos';\nconst c = new Client({ endpoint: e, key: secrets.cosmosKey });\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'new Client({ endpoint: e, key: secrets.cosmosKey })',
      rewritten: `import { CosmosClient as Client, PartitionKeyKind } from '@azure/cosmos';\n${DAC_IMPORT}const c = new Client({ endpoint: e, aadCredentials: new DefaultAzureCredential() });\n`,
    },
  },
  {
    name: 'a namespace import, and @azure/identity already imported by name',
    file: 'a.ts',
    text: `import * as cosmos from '@azure/cosmos';\nimport { DefaultAzureCredential as Dac } from '@azure/identity';\nconst c = new cosmos.CosmosClient({ endpoint, key: k });\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new cosmos.CosmosClient({ endpoint, key: k })',
      rewritten: "import * as cosmos from '@azure/cosmos';\nimport { DefaultAzureCredential as Dac } from '@azure/identity';\nconst c = new cosmos.CosmosClient({ endpoint, aadCredentials: new Dac() });\n",
    },
  },
  {
    name: '@azure/identity imported for another credential: DefaultAzureCredential joins that import',
    file: 'a.ts',
    text: `${IMPORT}import { ManagedIdentityCredential } from '@azure/identity';\nconst c = new CosmosClient({ endpoint, key });\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new CosmosClient({ endpoint, key })',
      rewritten: `${IMPORT}import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';\nconst c = new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential() });\n`,
    },
  },
  {
    name: 'a template literal with the key interpolated: a connection string built at run time',
    file: 'a.js',
    text: `${REQUIRE}const c = new CosmosClient(\`AccountEndpoint=\${endpoint};AccountKey=\${accountKey};\`);\n`,
    expect: { credential: 'connection-string', source: 'variable', construction: 'new CosmosClient(`AccountEndpoint=${endpoint};AccountKey=${accountKey};`)', rewritten: null },
  },
  {
    name: 'options declared elsewhere: reported, not rewritten (the declaration may be shared)',
    file: 'a.js',
    text: `${REQUIRE}const options = { endpoint, key: process.env.COSMOS_KEY };\nconst c = new CosmosClient(options);\n`,
    expect: { credential: 'account-key', source: 'configuration', construction: 'new CosmosClient(options)', rewritten: null },
  },
  {
    name: 'options spread from another object: reported, not rewritten',
    file: 'a.js',
    text: `${REQUIRE}const c = new CosmosClient({ ...defaults, key });\n`,
    expect: { credential: 'account-key', source: 'variable', construction: 'new CosmosClient({ ...defaults, key })', rewritten: null },
  },
  {
    name: 'a dynamic import: reported, not rewritten (no place for a static import)',
    file: 'a.mjs',
    text: "const { CosmosClient } = await import('@azure/cosmos');\nconst c = new CosmosClient({ endpoint, key });\n",
    expect: { credential: 'account-key', source: 'variable', construction: 'new CosmosClient({ endpoint, key })', rewritten: null },
  },
];

const negative: ClientCase[] = [
  { name: 'aadCredentials (a token credential)', file: 'a.ts', text: `${IMPORT}${DAC_IMPORT}const c = new CosmosClient({ endpoint, aadCredentials: new DefaultAzureCredential() });\n`, expect: null },
  { name: 'resource tokens', file: 'a.ts', text: `${IMPORT}const c = new CosmosClient({ endpoint, resourceTokens: tokens });\n`, expect: null },
  { name: 'a key that is undefined', file: 'a.ts', text: `${IMPORT}const c = new CosmosClient({ endpoint, key: undefined, tokenProvider });\n`, expect: null },
  {
    name: 'comments and strings',
    file: 'a.js',
    text: `${REQUIRE}// const c = new CosmosClient(conn);\n/* new CosmosClient({ endpoint, key }) */\nconst doc = "new CosmosClient({ endpoint, key })";\nconst t = \`new CosmosClient(\${'x'})\`;\nconst r = /new CosmosClient\\(/;\n`,
    expect: null,
  },
  { name: 'a CosmosClient from another package', file: 'a.js', text: "const { CosmosClient } = require('cosmos-client');\nconst c = new CosmosClient(connectionString);\n", expect: null },
  { name: 'a file that only mentions @azure/cosmos', file: 'a.js', text: "// see @azure/cosmos\nconst c = new CosmosClient(connectionString);\n", expect: null },
  { name: 'look-alike classes', file: 'a.js', text: `${REQUIRE}const a = new CosmosClientWrapper(connectionString);\nconst b = new MyCosmosClient(connectionString);\nconst d = new other.CosmosClient(connectionString);\n`, expect: null },
  { name: 'an argument of unknown shape', file: 'a.js', text: `${REQUIRE}const c = new CosmosClient(buildOptions());\nconst d = new CosmosClient(settings);\n`, expect: null },
  { name: 'a file in another language', file: 'a.md', text: `${REQUIRE}const c = new CosmosClient({ endpoint, key });\n`, expect: null },
  { name: 'a declaration file', file: 'types.d.ts', text: `${IMPORT}declare const c: CosmosClient;\n`, expect: null },
];

describe('cosmos-key-based-client: JavaScript and TypeScript', () => {
  describe('reports', () => runCases(positive));
  describe('does not report', () => runCases(negative));
});
