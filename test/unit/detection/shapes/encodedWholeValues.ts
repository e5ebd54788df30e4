// Whole values encoded as a unit: a full connection string or URI base64-encoded (Kubernetes `Secret.data`, with
// or without a trailing newline) or URL-encoded as one query parameter.
import { b64, type ShapeClass } from './shapeCase';

export const encodedWholeValues: ShapeClass = {
  name: 'whole values encoded as a unit',
  build: (k) => {
    const acct = k.name('orders');
    const sql = (key: string, host = `${acct}.documents.azure.com`): string => `AccountEndpoint=https://${host}:443/;AccountKey=${key};`;
    const mongo = (key: string): string =>
      `mongodb://${acct}:${encodeURIComponent(key)}@${acct}.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb&retrywrites=false&maxIdleTimeMS=120000&appName=@${acct}@`;
    const table = (key: string): string =>
      `DefaultEndpointsProtocol=https;AccountName=${acct};AccountKey=${key};TableEndpoint=https://${acct}.table.cosmos.azure.com:443/;`;
    const storage = (key: string): string => `DefaultEndpointsProtocol=https;AccountName=st${acct};AccountKey=${key};EndpointSuffix=core.windows.net`;
    const secret = (data: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-settings\n  namespace: prod\ntype: Opaque\ndata:\n${data}`;
    return [
      { name: 'Kubernetes Secret: SQL connection string, no trailing newline', file: 'k8s/secret.yaml',
        content: secret(`  ConnectionStrings__Orders: ${b64(sql(k.legacy()))}\n`), lines: [8] },
      { name: 'Kubernetes Secret: SQL connection string with a trailing newline (echo | base64)', file: 'deploy/secret.yml',
        content: secret(`  conn: ${b64(`${sql(k.legacyWithSymbols())}\n`)}\n  LOG_LEVEL: ${b64('info')}\n`), lines: [8] },
      { name: 'Kubernetes Secret: connection string without the final semicolon, CRLF', file: 'secret.yaml',
        content: secret(`  db: ${b64(`${sql(k.legacy()).slice(0, -1)}\r\n`)}\n`), lines: [8] },
      { name: 'Kubernetes Secret: MongoDB URI with a percent-encoded key', file: 'charts/api/templates/secret.yaml',
        content: secret(`  MONGO_URL: ${b64(mongo(k.legacyWithSymbols()))}\n`), lines: [8] },
      { name: 'Kubernetes Secret: Table API connection string', file: 'secret.yaml',
        content: secret(`  TABLES: ${b64(table(k.legacy()))}\n`), lines: [8] },
      { name: 'Kubernetes Secret (JSON): identifiable key inside a wrapped connection string', file: 'secret.json',
        content: `{\n  "apiVersion": "v1",\n  "kind": "Secret",\n  "metadata": { "name": "api" },\n  "data": {\n    "connection": "${b64(sql(k.identifiable()))}"\n  }\n}\n`, lines: [6] },
      { name: 'Kubernetes Secret: vCore URI with a password', file: 'secret.yaml',
        content: secret(`  uri: ${b64(`mongodb+srv://app:${k.password()}@${k.name('c')}.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256`)}\n`), lines: [8] },
      { name: 'Kubernetes Secret: a wrapped .env file naming the Cosmos endpoint', file: 'secret.yaml',
        content: secret(`  .env: ${b64(`COSMOS_ENDPOINT=https://${acct}.documents.azure.com:443/\nCOSMOS_KEY=${k.legacy()}\nPORT=8080\n`)}\n`), lines: [8] },
      { name: 'base64 connection string in an app setting', file: 'appsettings.Production.json',
        content: `{\n  "Cosmos": {\n    "ConnectionStringBase64": "${b64(sql(k.legacy()))}"\n  }\n}\n`, lines: [3] },
      { name: 'SQL connection string URL-encoded as one query parameter', file: 'docs/setup.md',
        content: `Open the function with:\n\n    https://fn.azurewebsites.net/api/import?conn=${encodeURIComponent(sql(k.legacyWithSymbols()))}&mode=full\n`, lines: [3] },
      { name: 'MongoDB URI URL-encoded as one query parameter (key double-encoded)', file: 'requests.http',
        content: `### import\nPOST https://importer.example.org/run?source=${encodeURIComponent(mongo(k.legacyWithSymbols()))}\n`, lines: [2] },
      { name: 'connection string URL-encoded in a form body', file: 'test.sh',
        content: `curl -X POST https://api.example.org/settings \\\n  --data "name=orders&value=${encodeURIComponent(sql(k.legacy(), `${acct}.documents.azure.us`))}"\n`, lines: [2] },
      { name: 'Helm values: base64 of a JSON settings file naming the Cosmos account', file: 'charts/api/values.prod.yaml',
        content: `# base64 -w0 appsettings.json\nappSettingsB64: ${b64(`{"Cosmos":{"Endpoint":"https://${acct}.documents.azure.com:443/","Key":"${k.legacy()}","Database":"orders"}}`)}\nreplicas: 3\n`, lines: [2] },
      { name: 'Secret manifest in JSON written on one line (kubectl get -o json | jq -c)', file: 'dump.jsonl',
        content: `{"apiVersion":"v1","data":{"COSMOS":"${b64(sql(k.legacy(), `${acct}-westus.documents.azure.com`))}","PORT":"${b64('80')}"},"kind":"Secret"}\n`, lines: [1] },
      // Near misses.
      { name: 'Kubernetes Secret: wrapped Storage connection string next to a wrapped Cosmos endpoint', file: 'secret.yaml',
        content: secret(`  COSMOS_ENDPOINT: ${b64(`https://${acct}.documents.azure.com:443/`)}\n  STORAGE: ${b64(storage(k.legacy()))}\n`), lines: [] },
      { name: 'Kubernetes Secret: wrapped Storage connection string with a Table endpoint', file: 'secret.yaml',
        content: secret(`  TABLES: ${b64(`DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${k.legacy()};TableEndpoint=https://st.table.core.windows.net/;`)}\n`), lines: [] },
      { name: 'Kubernetes Secret: wrapped connection string with a placeholder key', file: 'secret.yaml',
        content: secret(`  conn: ${b64(sql('<your-primary-key>'))}\n  conn2: ${b64(sql(`${'A'.repeat(86)}==`))}\n`), lines: [] },
      { name: 'Kubernetes Secret: wrapped connection string with a key reference', file: 'secret.yaml',
        content: secret(`  conn: ${b64(`AccountEndpoint=https://${acct}.documents.azure.com:443/;AccountKey=$(COSMOS_KEY);`)}\n`), lines: [] },
      { name: 'Kubernetes Secret: wrapped TLS material in a Cosmos deployment', file: 'secret.yaml',
        content: secret(`  COSMOS_ENDPOINT: ${b64(`https://${acct}.documents.azure.com:443/`)}\n  tls.key: ${k.base64(600)}\n`), lines: [] },
      { name: 'URL-encoded Storage connection string as a query parameter', file: 'notes.md',
        content: `Cosmos: https://${acct}.documents.azure.com\n\nhttps://fn.azurewebsites.net/api/x?conn=${encodeURIComponent(storage(k.legacyWithSymbols()))}\n`, lines: [] },
      { name: 'URL-encoded request signature next to a Cosmos host', file: 'trace.log',
        content: `GET https://${acct}.documents.azure.com/dbs auth=${encodeURIComponent(`type=master&ver=1.0&sig=${k.base64(32)}`)}\n`, lines: [] },
    ];
  },
};
