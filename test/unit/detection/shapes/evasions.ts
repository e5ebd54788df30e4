// Evasions: a NUL byte early in a text file, UTF-16 without a byte-order mark, mixed-case percent escapes, keys
// joined from array parts.
import { type ShapeClass } from './shapeCase';

const utf16 = (s: string, bigEndian = false): Uint8Array => {
  const b = Buffer.from(s, 'utf16le');
  if (bigEndian) b.swap16();
  return b;
};

export const evasions: ShapeClass = {
  name: 'evasions',
  build: (k) => {
    const a = k.name('e');
    const conn = (): string => `AccountEndpoint=https://${a}.documents.azure.com:443/;AccountKey=${k.legacy()};`;
    const mixedCase = (s: string): string => {
      let n = 0;
      return s.replace(/%[0-9A-F]{2}/g, (m) => (n++ % 2 ? m.toLowerCase() : m));
    };
    return [
      { name: 'a NUL byte on the first line of a text file', file: 'settings.env',
        content: Buffer.from(`# \u0000\nCOSMOS_CONNECTION=${conn()}\n`), lines: [2] },
      { name: 'NUL bytes sprinkled before the secret in a large text file', file: 'app.config',
        content: Buffer.from(`<!-- \u0000\u0000 -->\n${'<add key="x" value="y" />\n'.repeat(200)}<add key="Cosmos" value="${conn()}" />\n`), lines: [202] },
      { name: 'UTF-16 LE without a byte-order mark', file: 'appsettings.json',
        content: utf16(`{\r\n  "Cosmos": "${conn()}"\r\n}\r\n`), lines: [2] },
      { name: 'UTF-16 BE without a byte-order mark', file: 'export.txt', content: utf16(`COSMOS_KEY=${k.legacy()}\n`, true), lines: [1] },
      { name: 'UTF-16 LE without a byte-order mark, identifiable key', file: 'dump.log', content: utf16(`${'log line\n'.repeat(5)}token=${k.identifiable()}\n`), lines: [6] },
      { name: 'mixed-case %3D%3d padding in a Mongo URI', file: 'mongo.py',
        content: `URI = "mongodb://${a}:${mixedCase(encodeURIComponent(k.legacyWithSymbols()))}@${a}.mongo.cosmos.azure.com:10255/?ssl=true"\n`, lines: [1] },
      { name: 'lower-case %2b %2f %3d escapes', file: 'link.txt',
        content: `https://portal.example.org/connect?cosmosKey=${encodeURIComponent(k.legacyWithSymbols()).toLowerCase().replace(/%../g, (m) => m.toLowerCase())}\n`, lines: [1] },
      { name: 'parts joined with Array.join (JavaScript)', file: 'db.js',
        content: (() => { const key = k.legacy(); return `const cosmosKey = [\n  "${key.slice(0, 30)}",\n  "${key.slice(30, 60)}",\n  "${key.slice(60)}",\n].join("");\n`; })(), lines: [2] },
      { name: 'parts joined on one line (Python "".join)', file: 'cfg.py',
        content: (() => { const key = k.legacy(); return `COSMOS_KEY = "".join(["${key.slice(0, 44)}", "${key.slice(44)}"])\n`; })(), lines: [1] },
      { name: 'parts joined with strings.Join (Go)', file: 'main.go',
        content: (() => { const key = k.legacy(); return `var cosmosKey = strings.Join([]string{\n\t"${key.slice(0, 20)}", "${key.slice(20, 50)}",\n\t"${key.slice(50)}",\n}, "")\n`; })(), lines: [2] },
      { name: 'parts in a JSON array (identifiable key)', file: 'parts.json',
        content: (() => { const key = k.identifiable(); return `{"k": ["${key.slice(0, 40)}", "${key.slice(40)}"]}\n`; })(), lines: [1] },
      { name: 'UTF-16 LE without a BOM, CRLF, a Mongo URI', file: 'mongo.txt',
        content: utf16(`# exported\r\nMONGO=mongodb://${a}:${encodeURIComponent(k.legacy())}@${a}.mongo.cosmos.azure.com:10255/?ssl=true\r\n`), lines: [2] },
      { name: 'parts joined with string.Concat (C#)', file: 'Keys.cs',
        content: (() => { const key = k.legacy(); return `var cosmosKey = string.Concat("${key.slice(0, 43)}",\n    "${key.slice(43)}");\n`; })(), lines: [1] },
      { name: 'parts as a YAML list, joined by the application', file: 'config.yaml',
        content: (() => { const key = k.legacy(); return `cosmos:\n  endpoint: https://${a}.documents.azure.com:443/\n  key_parts:\n    - ${key.slice(0, 29)}\n    - "${key.slice(29, 60)}"\n    - ${key.slice(60)}\n`; })(), lines: [4] },
      { name: 'parts as a YAML list, an unquoted part ending in `+` before a quoted one', file: 'config.yaml',
        content: (() => { const k0 = k.legacy(); const key = `${k0.slice(0, 28)}+${k0.slice(29)}`; return `cosmos:\n  endpoint: https://${a}.documents.azure.com:443/\n  key_parts:\n    - ${key.slice(0, 29)}\n    - "${key.slice(29, 60)}"\n    - ${key.slice(60)}\n`; })(), lines: [4] },
      // Near misses.
      { name: 'a binary file (NUL-rich) holding a key-shaped string', file: 'image.png',
        content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]),
          Buffer.from(k.base64(400), 'base64'), Buffer.from(`COSMOS_KEY=${k.legacy()}`)]), lines: [] },
      { name: 'UTF-16 without a byte-order mark holding a Storage key', file: 'storage.txt',
        content: utf16(`DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${k.legacy()};EndpointSuffix=core.windows.net\n`), lines: [] },
      { name: 'mixed-case percent escapes of the emulator key', file: 'local.py',
        content: `URI = "mongodb://localhost:${mixedCase(encodeURIComponent(Buffer.from('QzJ5NnlEamY1L1Irb2IwTjhBN0NndjMwVlJESklXRUhMTSs0UURVNURFMm5ROW5EdVZUcW9iRDRiOG1HR3lQTWJJWm5xeU1zRWNhR1F5NjdYSXcvSnc9PQ==', 'base64').toString()))}@localhost:10255/admin?ssl=true"\n`, lines: [] },
      { name: 'an array of unrelated base64 values (IVs and hashes)', file: 'fixtures.json',
        content: `{"cosmos": "${a}.documents.azure.com", "ivs": [${[16, 16, 32, 16].map((n) => `"${k.base64(n)}"`).join(', ')}], "hashes": ["${k.base64(32)}", "${k.base64(20)}"]}\n`, lines: [] },
    ];
  },
};
