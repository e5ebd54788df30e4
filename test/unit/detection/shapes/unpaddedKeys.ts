// A key with its `==` padding stripped where a driver takes it as a password (Gremlin, Cassandra, MongoDB): 86
// characters that decode to exactly 64 bytes.
import { type ShapeClass } from './shapeCase';

const EMULATOR = Buffer.from('QzJ5NnlEamY1L1Irb2IwTjhBN0NndjMwVlJESklXRUhMTSs0UURVNURFMm5ROW5EdVZUcW9iRDRiOG1HR3lQTWJJWm5xeU1zRWNhR1F5NjdYSXcvSnc9PQ==', 'base64').toString();

export const unpaddedKeys: ShapeClass = {
  name: 'unpadded keys in password positions',
  build: (k) => {
    const a = k.name('graph');
    const bare = (): string => k.legacy().slice(0, 86);
    return [
      { name: 'Gremlin.Net GremlinServer password', file: 'Program.cs',
        content: `var server = new GremlinServer("${a}.gremlin.cosmos.azure.com", 443, enableSsl: true,\n    username: "/dbs/graphdb/colls/people",\n    password: "${bare()}");\n`, lines: [3] },
      { name: 'gremlin JavaScript PlainTextSaslAuthenticator', file: 'graph.mjs',
        content: `const auth = new gremlin.driver.auth.PlainTextSaslAuthenticator(\n  '/dbs/graphdb/colls/people',\n  '${bare()}'\n);\nconst client = new gremlin.driver.Client('wss://${a}.gremlin.cosmos.azure.com:443/', { authenticator: auth });\n`, lines: [3] },
      { name: 'gremlinpython client password', file: 'app.py',
        content: `client = client.Client("wss://${a}.gremlin.cosmos.azure.com:443/", "g",\n    username="/dbs/graphdb/colls/people",\n    password="${bare()}",\n    message_serializer=serializer.GraphSONSerializersV2d0())\n`, lines: [3] },
      { name: 'TinkerPop remote-secure.yaml', file: 'conf/remote-secure.yaml',
        content: `hosts: [${a}.gremlin.cosmos.azure.com]\nport: 443\nusername: /dbs/graphdb/colls/people\npassword: ${bare()}\nconnectionPool: { enableSsl: true }\n`, lines: [4] },
      { name: 'Java TinkerPop credentials()', file: 'Graph.java',
        content: `Cluster cluster = Cluster.build("${a}.gremlin.cosmos.azure.com").port(443).enableSsl(true)\n    .credentials("/dbs/graphdb/colls/people", "${bare()}")\n    .create();\n`, lines: [2] },
      { name: 'Cassandra PlainTextAuthProvider', file: 'cass.py',
        content: `cluster = Cluster(["${a}.cassandra.cosmos.azure.com"], port=10350,\n    auth_provider=PlainTextAuthProvider(username="${a}", password="${bare()}"))\n`, lines: [2] },
      { name: 'Spark Cassandra connector properties', file: 'spark-defaults.conf',
        content: `spark.cassandra.connection.host ${a}.cassandra.cosmos.azure.com\nspark.cassandra.connection.port 10350\nspark.cassandra.auth.username ${a}\nspark.cassandra.auth.password ${bare()}\n`, lines: [4] },
      { name: 'MongoDB URI with the padding dropped', file: 'db.env',
        content: `MONGODB_URI=mongodb://${a}:${bare()}@${a}.mongo.cosmos.azure.com:10255/?ssl=true&replicaSet=globaldb\n`, lines: [1] },
      { name: 'MongoDB URI, percent-encoded key without its padding', file: 'config.ts',
        content: `export const uri = "mongodb://${a}:${encodeURIComponent(k.legacyWithSymbols().slice(0, 86))}@${a}.mongo.cosmos.azure.com:10255/?ssl=true";\n`, lines: [1] },
      { name: 'unpadded identifiable key as a password', file: 'graph.properties',
        content: `gremlin.host=${a}.gremlin.cosmos.azure.com\ngremlin.username=/dbs/db/colls/c\ngremlin.password=${k.identifiable().slice(0, 86)}\n`, lines: [3] },
      { name: 'cqlsh command line', file: 'connect.sh',
        content: `cqlsh ${a}.cassandra.cosmos.azure.com 10350 -u ${a} -p ${bare()} --ssl\n`, lines: [1] },
      { name: 'DataStax Java driver withAuthCredentials', file: 'Cass.java',
        content: `CqlSession s = CqlSession.builder()\n  .addContactPoint(new InetSocketAddress("${a}.cassandra.cosmos.azure.com", 10350))\n  .withAuthCredentials("${a}", "${bare()}")\n  .build();\n`, lines: [3] },
      { name: 'Spring application.yml cassandra password', file: 'application.yml',
        content: `spring:\n  cassandra:\n    contact-points: ${a}.cassandra.cosmos.azure.com:10350\n    username: ${a}\n    password: ${bare()}\n`, lines: [5] },
      { name: 'pymongo keyword arguments', file: 'db.py',
        content: `client = MongoClient("${a}.mongo.cosmos.azure.com", 10255, username="${a}", password="${bare()}", tls=True)\n`, lines: [1] },
      // Near misses.
      { name: 'unpadded emulator key in a Gremlin emulator config', file: 'local.yaml',
        content: `hosts: [localhost]\nport: 8901\nusername: /dbs/db/colls/c\npassword: ${EMULATOR.slice(0, 86)}\n`, lines: [] },
      { name: '86 characters that do not decode to 64 bytes', file: 'gremlin.yaml',
        content: `hosts: [${a}.gremlin.cosmos.azure.com]\nusername: /dbs/db/colls/c\npassword: ${bare().slice(0, 85)}B\n`, lines: [] },
      { name: 'a 64-byte password for another service in a Cosmos file', file: 'services.yaml',
        content: `cosmos:\n  host: ${a}.documents.azure.com\nredis:\n  host: cache.redis.cache.windows.net\n  password: ${bare()}\n`, lines: [] },
      { name: 'a 64-byte password without Cosmos context', file: 'db.env',
        content: `DB_HOST=10.0.0.5\nDB_PASSWORD=${bare()}\n`, lines: [] },
      { name: 'Atlas URI with an 86-character password', file: 'atlas.env',
        content: `MONGO=mongodb+srv://app:${bare()}@cluster0.abcde.mongodb.net/?retryWrites=true\n`, lines: [] },
      { name: 'a longer base64 run in a password position', file: 'gremlin.yaml',
        content: `hosts: [${a}.gremlin.cosmos.azure.com]\npassword: ${k.base64(90)}\n`, lines: [] },
      { name: 'a filler in a password position', file: 'gremlin.yaml',
        content: `hosts: [${a}.gremlin.cosmos.azure.com]\npassword: ${'A'.repeat(86)}\n`, lines: [] },
    ];
  },
};
