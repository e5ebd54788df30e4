// Serializers' escapes of `=`, `+`, `/` (and `:`): Java `.properties` written by `Properties.store()`, JSON
// unicode escapes, XML/HTML character references, YAML and C-style hex escapes, JSON inside JSON.
import { javaProperties, type ShapeClass } from './shapeCase';

const EMULATOR = Buffer.from('QzJ5NnlEamY1L1Irb2IwTjhBN0NndjMwVlJESklXRUhMTSs0UURVNURFMm5ROW5EdVZUcW9iRDRiOG1HR3lQTWJJWm5xeU1zRWNhR1F5NjdYSXcvSnc9PQ==', 'base64').toString();

const json = (s: string, upper = true): string => s.replace(/[=+]/g, (c) => `\\u00${c === '=' ? (upper ? '3D' : '3d') : (upper ? '2B' : '2b')}`);
const xmlHex = (s: string): string => s.replace(/[=+/]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
const xmlDec = (s: string): string => s.replace(/[=+/]/g, (c) => `&#${c.charCodeAt(0)};`);

export const serializerEscapes: ShapeClass = {
  name: 'serializer escapes',
  build: (k) => {
    const acct = k.name('inv');
    const host = `${acct}.documents.azure.com`;
    const sql = (key: string): string => `AccountEndpoint=https://${host}:443/;AccountKey=${key};`;
    const stored = '#Application settings\n#Tue Mar 04 10:12:55 CET 2026\n';
    return [
      { name: 'Properties.store(): a SQL connection string with \\= and \\:', file: 'src/main/resources/cosmos.properties',
        content: `${stored}azure.cosmos.connection-string=${javaProperties(sql(k.legacyWithSymbols()))}\nazure.cosmos.database=inventory\n`, lines: [3] },
      { name: 'Properties.store(): a bare key under a Cosmos name', file: 'config/app.properties',
        content: `${stored}spring.cloud.azure.cosmos.endpoint=${javaProperties(`https://${host}:443/`)}\nspring.cloud.azure.cosmos.key=${javaProperties(k.legacy())}\n`, lines: [4] },
      { name: 'Properties.store(): a MongoDB URI with a raw key (\\=\\= before @)', file: 'application.properties',
        content: `${stored}spring.data.mongodb.uri=${javaProperties(`mongodb://${acct}:${k.legacy()}@${acct}.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb`)}\n`, lines: [3] },
      { name: 'Properties.store(): an identifiable key, no context needed', file: 'local.properties',
        content: `${stored}token=${javaProperties(k.identifiable('MastRO00'))}\n`, lines: [3] },
      { name: 'JSON with \\u002B and upper-case \\u003D escapes (.NET encoder)', file: 'appsettings.json',
        content: `{\n  "ConnectionStrings": {\n    "Cosmos": "${json(sql(k.legacyWithSymbols()))}"\n  }\n}\n`, lines: [3] },
      { name: 'JSON with lower-case \\u003d and a mixed-case pair', file: 'settings.json',
        content: `{"cosmosKey":"${json(k.legacy(), false)}",\n "cosmosSecondaryKey":"${json(k.legacy()).replace(/\\u003D$/, '\\u003d')}"}\n`, lines: [1, 2] },
      { name: 'XML hexadecimal character references (&#x3D; &#x2B; &#x2F;)', file: 'App.config',
        content: `<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <connectionStrings>\n    <add name="Cosmos" connectionString="AccountEndpoint=https://${host}:443/;AccountKey=${xmlHex(k.legacyWithSymbols())};" />\n  </connectionStrings>\n</configuration>\n`, lines: [4] },
      { name: 'XML decimal character references (&#61; &#43; &#47;)', file: 'web.config',
        content: `<appSettings>\n  <add key="CosmosDbKey" value="${xmlDec(k.legacyWithSymbols())}" />\n</appSettings>\n`, lines: [2] },
      { name: 'HTML page with lower-case &#x3d; references', file: 'docs/connect.html',
        content: `<p>Use:</p>\n<pre>AccountEndpoint=https://${host}:443/;AccountKey=${k.legacy().replace(/=/g, '&#x3d;')}</pre>\n`, lines: [2] },
      { name: 'YAML double-quoted scalar with \\x2B and \\/ escapes', file: 'values.yaml',
        content: `cosmos:\n  endpoint: https://${host}:443/\n  key: "${k.legacyWithSymbols().replace(/\+/g, '\\x2B').replace(/\//g, '\\/')}"\n`, lines: [3] },
      { name: 'C string with \\x3d\\x3d padding', file: 'cosmos_config.h',
        content: `/* Cosmos DB account */\n#define COSMOS_ENDPOINT "https://${host}:443/"\n#define COSMOS_KEY "${k.legacy().replace(/=/g, '\\x3d')}"\n`, lines: [3] },
      { name: 'JSON inside JSON: \\\\/ and \\" escapes', file: 'azuredeploy.parameters.json',
        content: `{\n  "parameters": {\n    "appConfig": {\n      "value": "{\\"cosmosKey\\":\\"${k.legacyWithSymbols().replace(/\//g, '\\\\/')}\\",\\"db\\":\\"inv\\"}"\n    }\n  }\n}\n`, lines: [4] },
      { name: 'INI value in double quotes, YAML value in single quotes', file: 'settings.ini',
        content: `[cosmos]\nendpoint = "https://${host}:443/"\nprimary_key = "${k.legacy()}"\n\n# yaml copy: key: '${k.legacy()}'\n`, lines: [3, 5] },
      { name: 'Properties.store() with a colon separator and a Table connection string', file: 'tables.properties',
        content: `${stored}tables.connection:${javaProperties(`DefaultEndpointsProtocol=https;AccountName=${acct};AccountKey=${k.legacy()};TableEndpoint=https://${acct}.table.cosmos.azure.com:443/;`)}\n`, lines: [3] },
      { name: 'CSV cell with doubled quotes around JSON', file: 'export.csv',
        content: `id,settings\n1,"{""cosmosKey"": ""${k.legacy()}"", ""db"": ""inv""}"\n`, lines: [2] },
      { name: 'shell string continued with a backslash at the end of the line', file: 'deploy.sh',
        content: (() => { const key = k.legacy(); return `export COSMOS_KEY="${key.slice(0, 50)}\\\n${key.slice(50)}"\n`; })(), lines: [1] },
      { name: 'INI read by Python configparser: percent signs doubled', file: 'settings.ini',
        content: `[mongo]\nuri = mongodb://${acct}:${encodeURIComponent(k.legacyWithSymbols()).replace(/%/g, '%%')}@${acct}.mongo.cosmos.azure.com:10255/?ssl=true\n`, lines: [2] },
      // Near misses.
      { name: 'Properties.store(): a Storage connection string next to a Cosmos endpoint', file: 'app.properties',
        content: `${stored}cosmos.endpoint=${javaProperties(`https://${host}:443/`)}\nblob.connection=${javaProperties(`DefaultEndpointsProtocol=https;AccountName=st${acct};AccountKey=${k.legacy()};EndpointSuffix=core.windows.net`)}\n`, lines: [] },
      { name: 'Properties.store(): an 88-character signing secret without Cosmos context', file: 'jwt.properties',
        content: `${stored}jwt.secret=${javaProperties(k.legacy())}\n`, lines: [] },
      { name: 'Properties.store(): a filler key', file: 'cosmos.properties',
        content: `${stored}azure.cosmos.key=${javaProperties(`${'x'.repeat(86)}==`)}\n`, lines: [] },
      { name: 'JSON \\u003D-escaped emulator key', file: 'appsettings.Development.json',
        content: `{ "CosmosKey": "${json(EMULATOR)}" }\n`, lines: [] },
      { name: 'XML-escaped SHA-512 content hash in a Cosmos project', file: 'packages.config',
        content: `<packages>\n  <package id="Microsoft.Azure.Cosmos" version="3.40.0" sha512="${xmlHex(k.base64(64))}" />\n</packages>\n`, lines: [] },
      { name: 'Properties.store(): identifiable-looking key with a broken checksum', file: 'cosmos.properties',
        content: `${stored}azure.cosmos.key=${javaProperties(k.fakeIdentifiable())}\n`, lines: [] },
    ];
  },
};
