// Host names beyond the common ones: older `*.cosmosdb.azure.com` API hosts, private-link and dedicated-gateway
// hosts, vCore global endpoints, sovereign clouds. A legacy key with a neutral name counts only through its host.
import { type ShapeClass } from './shapeCase';

export const hostNames: ShapeClass = {
  name: 'host names',
  build: (k) => {
    const a = k.name('acct');
    const neutral = (file: string, endpoint: string): { file: string; content: string } =>
      ({ file, content: `ENDPOINT=${endpoint}\nKEY=${k.legacy()}\n` });
    return [
      { name: 'older Table host: *.table.cosmosdb.azure.com connection string', file: 'app.config',
        content: `DefaultEndpointsProtocol=https;AccountName=${a};AccountKey=${k.legacy()};TableEndpoint=https://${a}.table.cosmosdb.azure.com:443/;\n`, lines: [1] },
      { name: 'older Table host, neutral name', ...neutral('.env', `https://${a}.table.cosmosdb.azure.com:443/`), lines: [2] },
      { name: 'older Cassandra host', file: 'cassandra.py',
        content: `contact_points = ["${a}.cassandra.cosmosdb.azure.com"]\nport = 10350\nauth = PlainTextAuthProvider(username="${a}", password="${k.legacy()}")\n`, lines: [3] },
      { name: 'older Gremlin host', file: 'graph.js',
        content: `const client = new gremlin.driver.Client("wss://${a}.gremlin.cosmosdb.azure.com:443/", {\n  authenticator: new gremlin.driver.auth.PlainTextSaslAuthenticator("/dbs/g/colls/people", "${k.legacy()}"),\n});\n`, lines: [2] },
      { name: 'sovereign Gremlin (China) and Cassandra (US Gov) hosts, neutral names', file: 'hosts.yaml',
        content: `graph:\n  host: ${a}.gremlin.cosmos.azure.cn\n  password: ${k.legacy()}\nwide:\n  host: ${a}.cassandra.cosmos.azure.us\n  password: ${k.legacy()}\n`, lines: [3, 6] },
      { name: 'sovereign older Table host (US Gov)', ...neutral('.env.gov', `https://${a}.table.cosmosdb.azure.us:443/`), lines: [2] },
      { name: 'private-link Mongo host', file: 'mongo.env',
        content: `MONGO_URL=mongodb://${a}:${k.legacy()}@${a}.privatelink.mongo.cosmos.azure.com:10255/?ssl=true\n`, lines: [1] },
      { name: 'dedicated gateway host (sqlx), neutral name', ...neutral('gateway.env', `https://${a}.sqlx.cosmos.azure.com/`), lines: [2] },
      { name: 'vCore global endpoint', file: 'README.md',
        content: `Connect with:\n\n    mongodb+srv://admin:${k.password()}@${a}.global.mongocluster.cosmos.azure.com/?tls=true&authMechanism=SCRAM-SHA-256&retrywrites=false\n`, lines: [3] },
      { name: 'vCore in a sovereign cloud', file: 'conn.txt',
        content: `mongodb+srv://dbadmin:${k.password()}@${a}.mongocluster.cosmos.azure.us/?tls=true\n`, lines: [1] },
      { name: 'Germany (retired) SQL endpoint, neutral name', ...neutral('legacy.env', `https://${a}.documents.microsoftazure.de:443/`), lines: [2] },
      { name: 'Mongo URI on a regional China host', file: 'cn.env',
        content: `MONGO=mongodb://${a}:${encodeURIComponent(k.legacy())}@${a}-chinanorth3.mongo.cosmos.azure.cn:10255/?ssl=true\n`, lines: [1] },
      { name: 'older Gremlin host in a TinkerPop yaml, padded key', file: 'remote.yaml',
        content: `hosts: [${a}.gremlin.cosmosdb.azure.com]\nport: 443\nusername: /dbs/g/colls/c\npassword: ${k.legacy()}\n`, lines: [4] },
      // Near misses.
      { name: 'Storage key with an older Cosmos host in the same file', file: '.env',
        content: `TABLE_ENDPOINT=https://${a}.table.cosmosdb.azure.com:443/\nAZURE_STORAGE_ACCOUNT_KEY=${k.legacy()}\n`, lines: [] },
      { name: 'a look-alike host of another service', ...neutral('other.env', `https://${a}.documents.example.com/`), lines: [] },
      { name: 'Storage Table endpoint in a sovereign cloud', file: 'table.cfg',
        content: `DefaultEndpointsProtocol=https;AccountName=${a};AccountKey=${k.legacy()};TableEndpoint=https://${a}.table.core.usgovcloudapi.net/;\n`, lines: [] },
      { name: 'vCore global endpoint with a placeholder password', file: 'README.md',
        content: `mongodb+srv://admin:<password>@${a}.global.mongocluster.cosmos.azure.com/?tls=true\nmongodb+srv://<user>:<pass>@${a}.global.mongocluster.cosmos.azure.com/\n`, lines: [] },
      { name: 'Atlas URI (another MongoDB service)', file: 'atlas.env',
        content: `MONGO_URL=mongodb+srv://app:${k.password()}@cluster0.${k.name('x')}.mongodb.net/?retryWrites=true\n`, lines: [] },
    ];
  },
};
