// The labelling policy (shared/corpus-public/README.md), one rule at a time, across file formats and languages.
// Every case is built from fresh synthetic keys, so nothing here is tuned to the public corpus files.
import * as assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { identifiableKey, legacyKey, seededRandom, toBase64, userPassword } from '../../support/keyFactory';
import { quotedPrintable, wrappedBase64, wrappedLineOf } from '../../support/mailEncodings';

const rnd = seededRandom(2024);
const L = (): string => legacyKey(rnd);
const I = (seed = 'MastRW00'): string => identifiableKey(rnd, seed);
/** The public emulator key, kept out of the sources as a literal (see shared/notes/detection.md §1.2). */
const EMULATOR = Buffer.from('QzJ5NnlEamY1L1Irb2IwTjhBN0NndjMwVlJESklXRUhMTSs0UURVNURFMm5ROW5EdVZUcW9iRDRiOG1HR3lQTWJJWm5xeU1zRWNhR1F5NjdYSXcvSnc9PQ==', 'base64').toString();

function lines(file: string, text: string): number[] {
  return scanText(file, text).map((f) => f.line);
}

interface Case { readonly name: string; readonly file: string; readonly text: string; readonly lines: readonly number[] }
function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(lines(c.file, c.text), [...c.lines], `${c.file}:\n${c.text}`));
  }
}

describe('policy: identifiable keys count anywhere', () => {
  check([
    { name: 'bare, no context at all', file: 'notes.txt', text: `token: ${I('SysAll00')}\n`, lines: [1] },
    { name: 'master read-only seed in YAML', file: 'a.yaml', text: `x:\n  y: "${I('MastRO00')}"\n`, lines: [2] },
    { name: 'resource seed in a log line', file: 'app.log', text: `2026-01-01 started\n2026-01-01 k=${I('Resour00')} ok\n`, lines: [2] },
    { name: 'encryption seed in a shell script', file: 'run.sh', text: `#!/bin/sh\nexport X='${I('Encryp00')}'\n`, lines: [2] },
    { name: 'system read-write and read-only seeds', file: 'k.txt', text: `${I('SystRW00')}\n${I('SystRO00')}\n`, lines: [1, 2] },
    { name: 'bad checksum is not a secret, even in a Cosmos file', file: 'cosmos.cs',
      text: `var c = new CosmosClient("https://a.documents.azure.com:443/", "${identifiableKey(rnd, 'MastRW00', { breakChecksum: true })}");\n`, lines: [] },
  ]);
});

describe('policy: legacy keys need Cosmos context', () => {
  const host = 'https://contoso-orders.documents.azure.com:443/';
  check([
    { name: 'no context: not reported', file: 'secret.txt', text: `value=${L()}\n`, lines: [] },
    { name: 'webhook signing secret without context', file: 'sign.sh', text: `SECRET="${L()}"\nopenssl dgst -sha512 -hmac "$SECRET" x\n`, lines: [] },
    { name: 'Cosmos-named identifier (env)', file: '.env', text: `COSMOS_DB_KEY=${L()}\n`, lines: [1] },
    { name: 'Cosmos-named identifier (camelCase)', file: 'cfg.js', text: `const cosmosPrimaryKey = '${L()}';\n`, lines: [1] },
    { name: 'az cosmosdb keys list output', file: 'keys.json',
      text: `{\n  "primaryMasterKey": "${L()}",\n  "primaryReadonlyMasterKey": "${L()}",\n  "secondaryMasterKey": "${L()}",\n  "secondaryReadonlyMasterKey": "${L()}"\n}\n`, lines: [2, 3, 4, 5] },
    { name: 'enclosing JSON block named Cosmos', file: 'appsettings.json', text: `{\n  "CosmosDb": {\n    "Database": "orders",\n    "Key": "${L()}"\n  }\n}\n`, lines: [4] },
    { name: 'enclosing YAML block named Cosmos', file: 'values.yaml', text: `cosmos:\n  database: orders\n  key: ${L()}\nother:\n  key: x\n`, lines: [3] },
    { name: 'TOML section named Cosmos', file: 'app.toml', text: `[cosmos]\ndatabase = "orders"\nkey = "${L()}"\n`, lines: [3] },
    { name: 'INI section named DocumentDB', file: 'app.ini', text: `[DocumentDB]\nPrimaryKey=${L()}\n`, lines: [2] },
    { name: 'HCL variable named cosmos', file: 'vars.tf', text: `variable "cosmos_key" {\n  type    = string\n  default = "${L()}"\n}\n`, lines: [3] },
    { name: 'ARM parameters file', file: 'azuredeploy.parameters.json', text: `{\n  "parameters": {\n    "cosmosAccountKey": {\n      "value": "${L()}"\n    }\n  }\n}\n`, lines: [4] },
    { name: 'Bicep parameter in a Cosmos template', file: 'main.bicep',
      text: `resource a 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = { name: 'x' }\nparam backupKey string = '${L()}'\n`, lines: [2] },
    { name: 'XML appSettings', file: 'web.config', text: `<appSettings>\n  <add key="CosmosDbAuthKey" value="${L()}" />\n</appSettings>\n`, lines: [2] },
    { name: 'Spring properties', file: 'application.properties', text: `spring.cloud.azure.cosmos.key=${L()}\n`, lines: [1] },
    { name: 'Java SDK builder call', file: 'App.java', text: `CosmosAsyncClient c = new CosmosClientBuilder()\n    .endpoint(endpoint)\n    .key("${L()}")\n    .buildAsyncClient();\n`, lines: [3] },
    { name: 'Python SDK call', file: 'app.py', text: `from azure.cosmos import CosmosClient\nclient = CosmosClient(url, credential="${L()}")\n`, lines: [2] },
    { name: 'Go SDK credential', file: 'main.go', text: `cred, _ := azcosmos.NewKeyCredential("${L()}")\n`, lines: [1] },
    { name: '.NET v2 DocumentClient', file: 'Old.cs', text: `var c = new DocumentClient(new Uri(uri), "${L()}");\n`, lines: [1] },
    { name: 'neutral name in a file with a Cosmos host', file: 'deploy.sh', text: `ENDPOINT=${host}\nKEY="${L()}"\n`, lines: [2] },
    { name: 'neutral name in a file with a sovereign Cosmos host', file: 'cfg.yml', text: `endpoint: https://x.documents.azure.cn:443/\nkey: "${L()}"\n`, lines: [2] },
    { name: 'neutral name in a file with a Germany host', file: 'cfg.yml', text: `endpoint: https://x.documents.microsoftazure.de:443/\nkey: "${L()}"\n`, lines: [2] },
    { name: 'neutral name in a file with a Terraform Cosmos resource', file: 'main.tf',
      text: `resource "azurerm_cosmosdb_account" "db" {\n  name = "x"\n}\nlocals {\n  k = "${L()}"\n}\n`, lines: [5] },
    { name: 'Cosmos context does not make a Storage key a Cosmos key', file: 'appsettings.json',
      text: `{\n  "Cosmos": "AccountEndpoint=${host};AccountKey=${L()};",\n  "Blob": "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${L()};EndpointSuffix=core.windows.net"\n}\n`, lines: [2] },
    { name: 'Storage-named identifier in a Cosmos file', file: '.env', text: `COSMOS_ENDPOINT=${host}\nAZURE_STORAGE_KEY=${L()}\n`, lines: [] },
    { name: 'Storage section in a Cosmos file', file: 'app.toml', text: `[cosmos]\nendpoint = "${host}"\n[storage]\nkey = "${L()}"\n`, lines: [] },
    { name: 'sha512 integrity in a Cosmos project lockfile', file: 'package-lock.json',
      text: `{"name":"x","dependencies":{"@azure/cosmos":{"integrity": "sha512-${L()}"}}}\n`, lines: [] },
    { name: 'NuGet contentHash in a Cosmos project', file: 'packages.lock.json',
      text: `{ "Microsoft.Azure.Cosmos": {\n  "resolved": "3.40.0",\n  "contentHash": "${L()}"\n} }\n`, lines: [] },
    { name: 'HMAC signature header next to a Cosmos host', file: 'req.http', text: `GET ${host}dbs\nX-Signature: ${L()}\n`, lines: [] },
    { name: 'JWT signing secret in a Cosmos file', file: '.env', text: `COSMOS_ENDPOINT=${host}\nJWT_SIGNING_KEY=${L()}\n`, lines: [] },
  ]);
});

describe('policy: connection-string families', () => {
  check([
    { name: 'NoSQL', file: 'a.json', text: `{"c":"AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${L()};Database=d;"}\n`, lines: [1] },
    { name: 'NoSQL without trailing semicolon, key first', file: 'a.txt', text: `AccountKey=${L()};AccountEndpoint=https://a.documents.azure.com:443/\n`, lines: [1] },
    { name: 'NoSQL regional and private-link hosts', file: 'a.txt',
      text: `AccountEndpoint=https://a-westus.documents.azure.com:443/;AccountKey=${L()}\nAccountEndpoint=https://a.privatelink.documents.azure.com:443/;AccountKey=${L()}\n`, lines: [1, 2] },
    { name: 'NoSQL US Gov', file: 'a.go', text: `const c = "AccountEndpoint=https://a.documents.azure.us:443/;AccountKey=${L()};"\n`, lines: [1] },
    { name: 'Table API (Cosmos endpoint)', file: 'a.cfg', text: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${L()};TableEndpoint=https://a.table.cosmos.azure.com:443/;\n`, lines: [1] },
    { name: 'Table-looking Storage string is not Cosmos', file: 'a.cfg', text: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${L()};TableEndpoint=https://a.table.core.windows.net/;\n`, lines: [] },
    { name: 'Storage string is not Cosmos', file: 'a.cfg', text: `DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${L()};EndpointSuffix=core.windows.net\n`, lines: [] },
    { name: 'MongoDB RU URI, raw key', file: 'a.py', text: `URI = "mongodb://a:${L()}@a.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb"\n`, lines: [1] },
    { name: 'MongoDB RU URI, old documents host', file: 'a.py', text: `URI = "mongodb://a:${L()}@a.documents.azure.com:10255/?ssl=true"\n`, lines: [1] },
    { name: 'MongoDB RU URI, percent-encoded key', file: 'a.py',
      text: `URI = "mongodb://a:${encodeURIComponent(L())}@a.mongo.cosmos.azure.cn:10255/?ssl=true"\n`, lines: [1] },
    { name: 'MongoDB Atlas URI is another service', file: 'a.py', text: `URI = "mongodb+srv://u:${L()}@c0.abcde.mongodb.net/"\n`, lines: [] },
    { name: 'Cassandra password', file: 'c.py',
      text: `from cassandra.auth import PlainTextAuthProvider\nHOST = "a.cassandra.cosmos.azure.com"\nauth = PlainTextAuthProvider(username="a", password="${L()}")\n`, lines: [3] },
    { name: 'Gremlin password', file: 'g.cs',
      text: `var server = new GremlinServer("a.gremlin.cosmos.azure.com", 443, enableSsl: true,\n    username: "/dbs/db/colls/graph",\n    password: "${L()}");\n`, lines: [3] },
    { name: 'vCore password', file: 'README.md', text: `    mongodb+srv://admin:${userPassword(rnd, '#')}@c1.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256\n`, lines: [1] },
    { name: 'vCore non-srv URI', file: 'a.env', text: `MONGO=mongodb://admin:${userPassword(rnd, '!')}@c1.mongocluster.cosmos.azure.com:10260/?tls=true\n`, lines: [1] },
    { name: 'vCore placeholders', file: 'README.md',
      text: `mongodb+srv://admin:<password>@c.mongocluster.cosmos.azure.com/\nmongodb+srv://admin:{password}@c.mongocluster.cosmos.azure.com/\nmongodb+srv://admin:\${MONGO_PWD}@c.mongocluster.cosmos.azure.com/\nmongodb+srv://<user>:<password>@c.mongocluster.cosmos.azure.com/\nmongodb+srv://admin:****@c.mongocluster.cosmos.azure.com/\n`, lines: [] },
  ]);
});

describe('policy: encodings', () => {
  const k = L();
  const wrapped = toBase64(Buffer.from(k));
  check([
    { name: 'JSON-escaped slashes', file: 'c.json', text: `{"endpoint":"https:\\/\\/a.documents.azure.com:443\\/","key":"${k.replace(/\//g, '\\/')}"}\n`, lines: [1] },
    { name: 'JSON unicode-escaped plus signs', file: 'c.json', text: `{"CosmosKey":"${k.replace(/\+/g, '\\u002B')}"}\n`, lines: [1] },
    { name: 'Kubernetes Secret data (base64-wrapped)', file: 's.yaml', text: `kind: Secret\ndata:\n  cosmos-key: ${wrapped}\n`, lines: [3] },
    { name: 'base64-wrapped key next to a base64-wrapped Cosmos endpoint', file: 'secret.yaml',
      text: `kind: Secret\ndata:\n  endpoint: ${toBase64(Buffer.from('https://orders.documents.azure.com:443/'))}\n  key: ${wrapped}\n`, lines: [4] },
    { name: 'base64-wrapped key with a neutral name and no context', file: 'secret.yaml', text: `kind: Secret\ndata:\n  key: ${wrapped}\n`, lines: [] },
    { name: 'base64-wrapped with a trailing newline', file: 's.yaml', text: `data:\n  COSMOS_KEY: ${toBase64(Buffer.from(k + '\n'))}\n`, lines: [2] },
    { name: 'base64-wrapped identifiable key needs no context', file: 's.yaml', text: `data:\n  token: ${toBase64(Buffer.from(I()))}\n`, lines: [1 + 1] },
    { name: 'split with + (report the first fragment line)', file: 'a.ts', text: `// cosmos\nconst cosmosKey = "${k.slice(0, 40)}" +\n  "${k.slice(40)}";\n`, lines: [2] },
    { name: 'split in three with + on one line', file: 'a.js', text: `const cosmosKey = '${k.slice(0, 20)}' + '${k.slice(20, 60)}' + '${k.slice(60)}';\n`, lines: [1] },
    { name: 'Python implicit concatenation', file: 'a.py', text: `COSMOS_KEY = ("${k.slice(0, 50)}"\n              "${k.slice(50)}")\n`, lines: [1] },
    { name: 'C# verbatim strings', file: 'a.cs', text: `const string CosmosKey = @"${k.slice(0, 30)}" +\n    @"${k.slice(30)}";\n`, lines: [1] },
    { name: 'VB & concatenation', file: 'a.vb', text: `Dim cosmosKey = "${k.slice(0, 44)}" & _\n    "${k.slice(44)}"\n`, lines: [1] },
    { name: 'YAML folded block', file: 'a.yaml', text: `cosmos_key: >-\n  ${k.slice(0, 60)}\n  ${k.slice(60)}\n`, lines: [2] },
    { name: 'inside an .ipynb JSON string', file: 'n.ipynb',
      text: `{\n "cells": [{ "source": [\n    "from azure.cosmos import CosmosClient\\n",\n    "c = CosmosClient(url, \\"${k}\\")"\n ]}]\n}\n`, lines: [4] },
    { name: 'minified bundle', file: 'main.min.js',
      text: `!function(){var e={db:{u:"https://a.documents.azure.com:443/",k:"${k}"}};window.c=e}();var s="sha512-${L()}";\n`, lines: [1] },
    { name: 'in a comment', file: 'a.cs', text: `// var old = new CosmosClient(ep, "${L()}");\n`, lines: [1] },
    { name: 'after a JSON \\n escape', file: 'a.json', text: `{"log":"cosmos key:\\n${L()}"}\n`, lines: [1] },
  ]);
});

describe('policy: pasted and transformed text (patches, e-mail)', () => {
  const k = L();
  const host = 'https://fabrikam-orders.documents.azure.com:443/';
  const cs = `AccountEndpoint=${host};AccountKey=${k};Database=orders;`;
  const mailHead = (encoding: string): string => `From: a@contoso.com\nSubject: keys\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: ${encoding}\n\n`;
  const body = `Hi,\n\nthe production connection string:\n${cs}\n\nThanks\n`;
  /** The mail's line of the base64 that encodes `needle` in the body (after 4 header lines and a blank one). */
  const inBody = (needle: string, width = 76): number => 5 + wrappedLineOf(body, body.indexOf(needle), width);
  const qpBody = quotedPrintable(`Here it is: ${cs}`);
  check([
    { name: 'a patch removing and adding bare identifiable keys', file: 'rotate.diff',
      text: `diff --git a/secrets/primary.key b/secrets/primary.key\n--- a/secrets/primary.key\n+++ b/secrets/primary.key\n@@ -1 +1 @@\n-${I()}\n+${I('MastRO00')}\n`, lines: [5, 6] },
    { name: 'a patch adding a key file, in a patch that names a Cosmos host', file: 'keys.patch',
      text: `--- /dev/null\n+++ b/secrets/secondary.key\n@@ -0,0 +1 @@\n+${L()}\n--- a/appsettings.json\n+++ b/appsettings.json\n@@ -1 +1 @@\n-  "Endpoint": "${host}"\n`, lines: [4] },
    { name: 'a combined diff of a merge (two marker columns)', file: 'merge.diff', text: `@@@ -1,1 -1,1 +1,1 @@@\n- ${I()}\n ++${I('MastRO00')}\n++${I('SystRW00')}\n`, lines: [2, 4] },
    { name: 'git word diff', file: 'word.diff', text: `[cosmos]\nendpoint = ${host}\nkey = [-${L()}-]{+${L()}+}\n`, lines: [3, 3] },
    { name: 'near miss: a plus inside a value is part of a longer run', file: 'cosmos.env', text: `COSMOS_KEY=a+${k}\n`, lines: [] },
    { name: 'near miss: a plus after a blank is not a diff marker', file: 'cosmos.yaml', text: `cosmos:\n  key: +${k}\n`, lines: [] },
    { name: 'a quoted-printable body, the key cut by soft line breaks', file: 'handover.eml', text: `${mailHead('quoted-printable')}${qpBody}\n`, lines: [7] },
    { name: 'quoted-printable HTML with a MongoDB URI', file: 'migration.eml',
      text: `${mailHead('quoted-printable')}${quotedPrintable(`<p style="x">mongodb://u:${encodeURIComponent(k)}@u.mongo.cosmos.azure.com:10255/?ssl=true&amp;replicaSet=globaldb</p>`)}\n`, lines: [6] },
    { name: 'a quoted-printable identifiable key, no context', file: 'note.eml', text: `${mailHead('quoted-printable')}${quotedPrintable(`the key is ${I()} (read-write)`)}\n`, lines: [6] },
    { name: 'a quoted-printable vCore URI with a password', file: 'cluster.eml',
      text: `${mailHead('quoted-printable')}${quotedPrintable(`<p>mongodb+srv://admin:${userPassword(rnd)}@c1.mongocluster.cosmos.azure.com/?tls=true&amp;retrywrites=false</p>`)}\n`, lines: [6] },
    { name: 'near miss: a quoted-printable HTML template (&lt;user&gt;:&lt;password&gt;)', file: 'template.eml',
      text: `${mailHead('quoted-printable')}${quotedPrintable('<p>mongodb+srv://&lt;user&gt;:&lt;password&gt;@c1.mongocluster.cosmos.azure.com/?tls=true</p>')}\n`, lines: [] },
    { name: 'near miss: the emulator key in quoted-printable', file: 'local.eml',
      text: `${mailHead('quoted-printable')}${quotedPrintable(`AccountEndpoint=https://localhost:8081/;AccountKey=${EMULATOR};`)}\n`, lines: [] },
    { name: 'a base64 mail body wrapped at 76 (the key\'s own lines)', file: 'job.eml', text: `${mailHead('base64')}${wrappedBase64(body)}\n`, lines: [inBody(k)] },
    { name: 'a base64 attachment wrapped at 64, CRLF', file: 'vendor.eml',
      text: `${mailHead('base64')}${wrappedBase64(body, 64)}\n`.replace(/\n/g, '\r\n'), lines: [inBody(k, 64)] },
    { name: 'an indented wrapped block in YAML', file: 'values.yaml', text: `config: |\n${wrappedBase64(body, 76, '  ')}\nnext: 1\n`, lines: [1 + wrappedLineOf(body, body.indexOf(k))] },
    { name: 'near miss: a wrapped block that decodes to a key without context', file: 'blob.eml',
      text: `${mailHead('base64')}${wrappedBase64(`value=${L()}\nhost=https://shop.blob.core.windows.net.azure.example/\n`)}\n`, lines: [] },
    { name: 'near miss: lines of different widths are not one block', file: 'list.txt',
      text: `${wrappedBase64(body).split('\n').map((l, i) => (i % 2 ? l.slice(0, 72) : l)).join('\n')}\n`, lines: [] },
  ]);
  it('reads a base64 part whole, for its MIME header, when a line break cuts every base64 form of the host', () => {
    const cut = wrappedBase64(body, 60); // the host's place in the body is fixed: at 60 a line, a break falls in it
    assert.doesNotMatch(cut, /6dXJl|5henVy|YXp1cm/);
    assert.deepEqual(lines('cut.eml', `${mailHead('base64')}${cut}\n`), [inBody(k, 60)]);
    assert.deepEqual(lines('cut.txt', `${cut}\n`), [], 'without the header, a block is looked at where the host is');
  });
});

describe('policy: attribution in tool output', () => {
  const ts = (n: number): string => `2026-11-30T13:05:${String(10 + n).padStart(2, '0')}.7454077Z `;
  const tfOutput = ['{', '  "cosmos_endpoint": {', '    "sensitive": false,', '    "value": "https://coho.documents.azure.com:443/"', '  },',
    '  "cosmos_primary_key": {', '    "sensitive": true,', `    "value": "${L()}"`, '  },',
    '  "storage_primary_access_key": {', '    "sensitive": true,', `    "value": "${L()}"`, '  }', '}'];
  check([
    { name: 'terraform output -json: the Storage key\'s block is another service\'s', file: 'apply.log', text: `${tfOutput.join('\n')}\n`, lines: [8] },
    { name: 'the same, in a CI log with a timestamp before every line', file: '4_Terraform apply.txt',
      text: `${tfOutput.map((l, i) => ts(i) + l).join('\n')}\n`, lines: [8] },
    { name: 'a Postman environment: the key member names each value', file: 'Prod.postman_environment.json',
      text: `{\n "values": [\n  {\n   "key": "cosmosEndpoint",\n   "value": "https://tailspin.documents.azure.com:443/"\n  },\n`
        + `  {\n   "key": "cosmosMasterKey",\n   "value": "${L()}",\n   "type": "secret"\n  },\n`
        + `  {\n   "key": "storageKey",\n   "value": "${L()}",\n   "type": "secret"\n  }\n ]\n}\n`, lines: [9] },
    { name: 'near miss: a timestamp alone is no block (a log of key lines under a Cosmos endpoint)', file: 'run.log',
      text: `${ts(0)}endpoint https://coho.documents.azure.com:443/\n${ts(1)}  key ${L()}\n`, lines: [2] },
  ]);
});

describe('policy: the API a bare key is the password of', () => {
  it('is named by the block it sits in when the statement around it does not (Spring Data Cassandra in YAML)', () => {
    const text = ['spring:', '  data:', '    cassandra:', '      keyspace-name: orders', '      contact-points: orders.cassandra.cosmos.azure.com',
      '      port: 10350', '      local-datacenter: West Europe', '      username: orders', `      password: ${L()}`, '      ssl:', '        enabled: true', ''].join('\n');
    const [f] = scanText('application.yml', text);
    assert.equal(f?.rule, 'cosmos-cassandra-key');
    assert.equal(f?.host, 'orders.cassandra.cosmos.azure.com');
    const gremlin = ['gremlin:', '  hosts:', '    - graphs.gremlin.cosmos.azure.com', '  port: 443', '  serializer: GraphSONMessageSerializerV2d0',
      '  enableSsl: true', '  username: /dbs/g/colls/people', '  connectionPool:', '    maxSize: 8', `  password: ${L()}`, ''].join('\n');
    assert.equal(scanText('gremlin.yaml', gremlin)[0]?.rule, 'cosmos-gremlin-key');
    const plain = ['cosmos:', '  endpoint: https://shop.documents.azure.com:443/', '  database: orders', '  container: items', '  throughput: 400', `  key: ${L()}`, ''].join('\n');
    const [p] = scanText('values.yaml', plain);
    assert.equal(p?.rule, 'cosmos-account-key');
    assert.equal(p?.host, 'shop.documents.azure.com');
    // .NET user secrets for two clients: a block naming endpoints of two APIs says nothing about either key.
    const both = `{\n  "CosmosDb:AccountKey": "${L()}",\n  "CosmosDb:AccountEndpoint": "https://social.documents.azure.com:443/",\n`
      + `  "Gremlin:Hostname": "social.gremlin.cosmos.azure.com",\n  "Jwt:Audience": "api://social"\n}\n`;
    assert.equal(scanText('secrets.json', both)[0]?.rule, 'cosmos-account-key');
  });
});

describe('policy: code in more languages', () => {
  const host = 'https://quarry-orders.documents.azure.com:443/';
  const splitI = I('MastRO00');
  const splitL = L();
  const badI = identifiableKey(rnd, 'MastRW00', { breakChecksum: true });
  check([
    { name: 'a shell default value (${VAR:-KEY})', file: 'bootstrap.sh', text: `COSMOS_ENDPOINT="\${COSMOS_ENDPOINT:-${host}}"\nCOSMOS_KEY="\${COSMOS_KEY:-${L()}}"\n`, lines: [2] },
    { name: 'Synapse Link: a credential with the SHARED ACCESS SIGNATURE identity', file: 'views.sql',
      text: `-- views over the analytical store of ${host}\nCREATE CREDENTIAL [orders]\nWITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${L()}';\nGO\n`, lines: [3] },
    { name: 'near miss: the same credential in a file with no Cosmos context', file: 'storage.sql',
      text: `-- https://lake.dfs.core.windows.net/raw\nCREATE CREDENTIAL [lake]\nWITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${L()}';\n`, lines: [] },
    { name: 'a StringBuilder chain in a method whose name has "batch" in it', file: 'CosmosClientFactory.java',
      text: `class CosmosClientFactory {\n    static String batchConnectionString() {\n        StringBuilder sb = new StringBuilder();\n`
        + `        sb.append("AccountEndpoint=").append("${host}").append(';');\n        sb.append("AccountKey=").append("${L()}").append(';');\n        return sb.toString();\n    }\n}\n`, lines: [5] },
    { name: 'an identifiable key split over two constants (joined where it is used)', file: 'cosmos_test.go',
      text: `const (\n\tkeyA = "${splitI.slice(0, 36)}"\n\tkeyB = "${splitI.slice(36)}"\n)\n`, lines: [2] },
    { name: 'the same in Java and Python', file: 'Keys.java',
      text: `static final String KEY_A = "${splitI.slice(0, 50)}";\nstatic final String KEY_B = "${splitI.slice(50)}";\n# python\nA = '${splitI.slice(0, 20)}'\nB = '${splitI.slice(20)}'\n`, lines: [1, 4] },
    { name: 'near miss: a legacy key split over two constants (nothing shows the join)', file: 'cosmos.go',
      text: `// ${host}\nconst (\n\tcosmosKeyA = "${splitL.slice(0, 36)}"\n\tcosmosKeyB = "${splitL.slice(36)}"\n)\n`, lines: [] },
    { name: 'near miss: an identifiable-looking key with a bad checksum, split over two constants', file: 'k.go',
      text: `const (\n\tkeyA = "${badI.slice(0, 36)}"\n\tkeyB = "${badI.slice(36)}"\n)\n`, lines: [] },
    { name: 'a vCore URI joined from literals', file: 'migrate.go',
      text: `var uri = "mongodb+srv://birchadmin:" + "${userPassword(rnd)}" +\n\t"@birch-vc.mongocluster.cosmos.azure.com/?tls=true"\n`, lines: [1] },
    { name: 'a vCore URI joined from two literals (PHP)', file: 'db.php',
      text: `<?php\n$uri = 'mongodb+srv://app:${userPassword(rnd)}' . '@c1.global.mongocluster.cosmos.azure.com/?tls=true';\n`, lines: [2] },
    { name: 'near miss: a vCore URI joined from variables and a placeholder', file: 'uri.js',
      text: `const a = "mongodb+srv://" + user + ":" + password + "@c1.mongocluster.cosmos.azure.com/";\nconst b = "mongodb+srv://admin:" + "<password>" + "@c1.mongocluster.cosmos.azure.com/";\n`, lines: [] },
    { name: 'near miss: an Azure Batch account key next to Cosmos settings', file: 'jobs.yaml',
      text: `cosmos:\n  endpoint: ${host}\nbatch:\n  account: jobs\n  key: ${L()}\nworker:\n  batchAccountKey: ${L()}\n  BATCH_KEY: ${L()}\n`, lines: [] },
  ]);
});

describe('policy: docs and terminal output', () => {
  const host = 'https://humongous-claims.documents.azure.com';
  const esc = String.fromCharCode(27);
  check([
    { name: 'an endpoint on the line above, under a heading that says "signing"', file: 'docs/query-with-rest.md',
      text: `# Query with REST\n\n## Signing a request\n\n\`\`\`bash\nendpoint="${host}"\nmasterKey="${L()}"\n\`\`\`\n`, lines: [7] },
    { name: 'near miss: a webhook signing secret under its heading, in a page that names a Cosmos host', file: 'docs/hooks.md',
      text: `# Setup\n\nThe API runs against ${host}.\n\n## Webhook signing secret\n\n\`\`\`\nWEBHOOK_SECRET=${L()}\n\`\`\`\n`, lines: [] },
    { name: 'a vCore password with an @ written %40', file: 'migration.md',
      text: `\`\`\`bash\nmongosh "mongodb+srv://migrator:CG.Y~N-Uc%40yWRw${userPassword(rnd)}@ledger.mongocluster.cosmos.azure.com/?tls=true" \\\n\`\`\`\n`, lines: [2] },
    { name: 'a key printed in colour in a CI log (raw ESC)', file: 'job.log', text: `COSMOS_ENDPOINT=${host}\nkey: ${esc}[32m${L()}${esc}[0m\n`, lines: [2] },
    { name: 'a key in colour in a notebook traceback (JSON-escaped ESC)', file: 'debug.ipynb',
      text: `{"traceback": ["\\u001b[0;32m----> 3\\u001b[0m client = CosmosClient(url, \\u001b[38;5;124m\\"${L()}\\"\\u001b[39m)", "\\u001b[38;5;124m${L()}\\u001b[39m"]}\n`, lines: [1, 1] },
  ]);
});

describe('policy: keys split in code kept in JSON strings, and appended to a variable', () => {
  const k = L();
  const host = 'https://wingtip.documents.azure.com:443/';
  const json = (line: string): string => JSON.stringify(line);
  check([
    { name: 'a Postman pre-request script, one JSON string per line, split with +', file: 'Wingtip.postman_collection.json',
      text: `{\n "item": [{ "request": { "url": "${host}dbs" }, "event": [{ "script": { "exec": [\n        ${json(`const masterKey = "${k.slice(0, 44)}" +`)},\n`
        + `        ${json(`  "${k.slice(44)}";`)}\n ] } }] }]\n}\n`, lines: [3] },
    { name: 'a notebook cell, Python literals adjacent across source lines', file: 'spark-cosmos.ipynb',
      text: `{\n "cells": [{ "cell_type": "code", "source": [\n    ${json('from gremlin_python.driver import client\n')},\n`
        + `    ${json(`c = client.Client("wss://g1.gremlin.cosmos.azure.com:443/", "g", password=("${k.slice(0, 50)}"\n`)},\n    ${json(`    "${k.slice(50)}"))\n`)}\n   ]\n  }]\n}\n`, lines: [4] },
    { name: 'escaped literals joined with + on one JSON line', file: 'script.json',
      text: `{ "endpoint": "${host}", "code": ${json(`var k = '${k.slice(0, 30)}' + "${k.slice(30)}";`)} }\n`, lines: [1] },
    { name: 'a shell variable appended to (+=)', file: 'seed.sh',
      text: `COSMOS_ENDPOINT=${host}\nCOSMOS_KEY="${k.slice(0, 48)}"\nCOSMOS_KEY+="${k.slice(48)}"\nexport COSMOS_KEY\n`, lines: [2] },
    { name: 'a PowerShell variable appended to (+=) after a ;', file: 'rotate.ps1',
      text: `$endpoint = "${host}"\n$key = '${k.slice(0, 40)}'; $key += '${k.slice(40)}'\n`, lines: [2] },
    { name: 'a PHP variable appended to (.=)', file: 'db.php', text: `<?php\n$cosmosKey = "${k.slice(0, 60)}";\n$cosmosKey .= "${k.slice(60)}";\n`, lines: [2] },
    { name: 'near miss: the second part appended to another variable', file: 'seed.sh',
      text: `COSMOS_ENDPOINT=${host}\nPREFIX="${k.slice(0, 48)}"\nCOSMOS_KEY+="${k.slice(48)}"\n`, lines: [] },
    { name: 'near miss: one character short, after an operator at the end of a JSON string', file: 'script.json',
      text: `{ "endpoint": "${host}", "exec": [${json(`var k = x + `)}, ${json(`"${k.slice(1)}";`)}] }\n`, lines: [] },
  ]);
});

describe('policy: never secrets', () => {
  const e = EMULATOR;
  check([
    { name: 'emulator key raw', file: 'a.json', text: `{"c":"AccountEndpoint=https://localhost:8081/;AccountKey=${e};"}\n`, lines: [] },
    { name: 'emulator key with a real-looking endpoint', file: 'a.env', text: `COSMOS_ENDPOINT=https://a.documents.azure.com:443/\nCOSMOS_KEY=${e}\n`, lines: [] },
    { name: 'emulator key URL-encoded', file: 'a.py', text: `U = "mongodb://localhost:${encodeURIComponent(e)}@localhost:10255/admin?ssl=true"\n`, lines: [] },
    { name: 'emulator key JSON-escaped', file: 'a.json', text: `{"cosmosKey":"${e.replace(/\//g, '\\/')}"}\n`, lines: [] },
    { name: 'emulator key base64-wrapped', file: 's.yaml', text: `data:\n  cosmos-key: ${toBase64(Buffer.from(e))}\n`, lines: [] },
    { name: 'emulator key split over three literals', file: 'a.py',
      text: `URI = ("mongodb://localhost:${encodeURIComponent(e).slice(0, 30)}"\n       "${encodeURIComponent(e).slice(30, 70)}"\n       "${encodeURIComponent(e).slice(70)}@localhost:10255/admin?ssl=true")\n`, lines: [] },
    { name: 'Azurite (storage emulator) key next to Cosmos settings', file: 'local.settings.json',
      text: `{ "Values": {\n  "CosmosEndpoint": "https://a.documents.azure.com:443/",\n  "Key": "${Buffer.from('RWJ5OHZkTTAyeE5PY3FGbHFVd0pQTGxtRXRsQ0RYSjFPVXpGVDUwdVNSWjZJRnN1RnEyVVZFckN6NEk2dHEvSzFTWkZQVE90ci9LQkhCZWtzb0dNR3c9PQ==', 'base64').toString()}"\n} }\n`, lines: [] },
    { name: 'placeholders and fillers', file: 'README.md',
      text: ['AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=<your-key>;', `AccountKey=${'A'.repeat(86)}==`, `COSMOS_KEY=${'x'.repeat(86)}==`,
        `COSMOS_KEY=${'abcd'.repeat(21)}ab==`, `COSMOS_KEY=${'0123456789'.repeat(8)}012345==`,
        `COSMOS_KEY=${toBase64(Buffer.from('this is not a real key; replace it with the primary key of your Cosmos DB account'.slice(0, 64)))}`,
        `COSMOS_KEY=${'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ABCDEFGHIJKLMNOPQRSTUV'}==`,
        'COSMOS_KEY={key}', 'COSMOS_KEY=TBD', 'COSMOS_KEY=...', 'AccountKey=****;'].join('\n') + '\n', lines: [] },
    { name: 'references', file: 'refs.txt',
      text: ['COSMOS_KEY=$(COSMOS_KEY)', 'COSMOS_KEY=${COSMOS_KEY}', 'key: ${{ secrets.COSMOS_KEY }}', 'k = process.env.COSMOS_KEY',
        'k = os.environ["COSMOS_KEY"]', '"Key": "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/cosmos/)"',
        'cs = azurerm_cosmosdb_account.db.primary_key', "output k string = acct.listKeys().primaryMasterKey",
        'valueFrom: { secretKeyRef: { name: cosmos, key: key } }', 'k = dbutils.secrets.get("kv", "cosmos-key")'].join('\n') + '\n', lines: [] },
    { name: 'REST request signature', file: 'r.http', text: `GET https://a.documents.azure.com/dbs\nAuthorization: type%3Dmaster%26ver%3D1.0%26sig%3D${encodeURIComponent(toBase64(Buffer.alloc(32, 7)))}\n`, lines: [] },
    { name: 'image data in a Cosmos file', file: 'a.html', text: `<!-- https://a.documents.azure.com -->\n<img src="data:image/png;base64,${L()}">\n`, lines: [] },
    { name: 'a longer base64 run is not a key', file: 'cosmos.txt', text: `CosmosClient ${'Q'}${L()}\n`, lines: [] },
  ]);
});

describe('emulator key handling option', () => {
  it('reports the emulator key as information when asked to', () => {
    const f = scanText('a.env', `COSMOS_KEY=${EMULATOR}\n`, { emulatorKey: 'inform' });
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, 'info');
    assert.equal(f[0]!.rule, 'cosmos-emulator-key');
  });
});
