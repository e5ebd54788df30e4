import { key, runCases, type ClientCase } from './clientCases';

const IMPORTS = 'import com.azure.cosmos.CosmosClient;\nimport com.azure.cosmos.CosmosClientBuilder;\n';
const WITH_IDENTITY = `${IMPORTS}import com.azure.identity.DefaultAzureCredentialBuilder;\n`;

const positive: ClientCase[] = [
  {
    name: '.key(key) in a builder chain: becomes .credential(new DefaultAzureCredentialBuilder().build()), import added',
    file: 'src/main/java/com/contoso/Db.java',
    text: `package com.contoso;\n\n${IMPORTS}\nclass Db {\n  CosmosClient client(String endpoint, String key) {\n    return new CosmosClientBuilder()\n      .endpoint(endpoint)\n      .key(key)\n      .buildClient();\n  }\n}\n`,
    expect: {
      credential: 'account-key', source: 'variable', construction: 'new CosmosClientBuilder()\n      .endpoint(endpoint)\n      .key(key)\n      .buildClient()',
      rewritten: `package com.contoso;\n\n${WITH_IDENTITY}\nclass Db {\n  CosmosClient client(String endpoint, String key) {\n    return new CosmosClientBuilder()\n`
        + '      .endpoint(endpoint)\n      .credential(new DefaultAzureCredentialBuilder().build())\n      .buildClient();\n  }\n}\n',
    },
  },
  {
    name: 'the key read from Spring properties',
    file: 'CosmosConfig.java',
    text: `${IMPORTS}class C { CosmosClientBuilder b() { return new CosmosClientBuilder().endpoint(properties.getUri()).key(properties.getKey()); } }\n`,
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'new CosmosClientBuilder().endpoint(properties.getUri()).key(properties.getKey())',
      rewritten: `${WITH_IDENTITY}class C { CosmosClientBuilder b() { return new CosmosClientBuilder().endpoint(properties.getUri()).credential(new DefaultAzureCredentialBuilder().build()); } }\n`,
    },
  },
  {
    name: '.credential(new AzureKeyCredential(…)) with a literal key; the identity import already there',
    file: 'Db.java',
    text: `import com.azure.cosmos.*;\nimport com.azure.identity.*;\nclass C { Object c = new CosmosClientBuilder().endpoint(E).credential(new AzureKeyCredential("${key(1)}")).buildAsyncClient(); }\n`,
    expect: {
      credential: 'key-credential', source: 'literal', construction: `new CosmosClientBuilder().endpoint(E).credential(new AzureKeyCredential("${key(1)}")).buildAsyncClient()`,
      rewritten: 'import com.azure.cosmos.*;\nimport com.azure.identity.*;\nclass C { Object c = new CosmosClientBuilder().endpoint(E).credential(new DefaultAzureCredentialBuilder().build()).buildAsyncClient(); }\n',
    },
  },
  {
    name: 'a fully qualified builder in a file without imports: the credential is qualified too',
    file: 'Db.java',
    text: 'class C { Object c = new com.azure.cosmos.CosmosClientBuilder().endpoint(e).key(System.getenv("COSMOS_KEY")).buildClient(); }\n',
    expect: {
      credential: 'account-key', source: 'configuration', construction: 'new com.azure.cosmos.CosmosClientBuilder().endpoint(e).key(System.getenv("COSMOS_KEY")).buildClient()',
      rewritten: 'class C { Object c = new com.azure.cosmos.CosmosClientBuilder().endpoint(e).credential(new com.azure.identity.DefaultAzureCredentialBuilder().build()).buildClient(); }\n',
    },
  },
  {
    name: 'a key and a token credential in one chain: reported, not rewritten',
    file: 'Db.java',
    text: `${IMPORTS}class C { Object c = new CosmosClientBuilder().endpoint(e).key(k).credential(tokenCredential).buildClient(); }\n`,
    expect: { credential: 'account-key', source: 'variable', construction: 'new CosmosClientBuilder().endpoint(e).key(k).credential(tokenCredential).buildClient()', rewritten: null },
  },
];

const negative: ClientCase[] = [
  { name: 'DefaultAzureCredentialBuilder', file: 'Db.java', text: `${IMPORTS}class C { Object c = new CosmosClientBuilder().endpoint(e).credential(new DefaultAzureCredentialBuilder().build()).buildClient(); }\n`, expect: null },
  {
    name: 'a TokenCredential variable',
    file: 'Db.java',
    text: `${IMPORTS}class C { CosmosClient c(TokenCredential cred) { return new CosmosClientBuilder().endpoint(e).credential(cred).buildClient(); } }\n`,
    expect: null,
  },
  { name: 'no import of com.azure.cosmos', file: 'Db.java', text: 'import org.example.CosmosClientBuilder;\nclass C { Object c = new CosmosClientBuilder().key(k).build(); }\n', expect: null },
  { name: 'comments and text blocks', file: 'Db.java', text: `${IMPORTS}// new CosmosClientBuilder().key(k)\nclass C { String s = """\n  new CosmosClientBuilder().key(k)\n  """; }\n`, expect: null },
];

describe('cosmos-key-based-client: Java', () => {
  describe('reports', () => runCases(positive));
  describe('does not report', () => runCases(negative));
});
