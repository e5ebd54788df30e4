// The workspace the scan-stall test and benchmark scan (test/host/scanStall.test.ts, bench/stall.mjs): 20,000 small
// files (one in 500 with a leak), a 10 MB minified single line with a leak at its very end, 4 MB of key-shaped
// lines without Cosmos context, a binary, a non-UTF-8 file with a leak, a 20 MB log and a broken symbolic link.
// Keys are generated here (keyFactory), never committed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { legacyKey, seededRandom } from '../../support/keyFactory';

export const DIRS = 200;
export const FILES_PER_DIR = 100;

const conn = (seed: number): string => `AccountEndpoint=https://stall${seed}.documents.azure.com:443/;AccountKey=${legacyKey(seededRandom(seed))};`;

/** Whether small file `n` (0 … DIRS × FILES_PER_DIR − 1) holds a leak. */
export const holdsLeak = (n: number): boolean => n % 500 === 7;

export function smallFilePath(root: string, n: number): string {
  return path.join(root, `d${String(Math.floor(n / FILES_PER_DIR)).padStart(3, '0')}`, `f${n % FILES_PER_DIR}.js`);
}

/** Writes the tree under `root` (synchronously: no file watcher needs to keep up meanwhile). */
export function writeHostileTree(root: string): void {
  const rnd = seededRandom(99);
  for (let n = 0; n < DIRS * FILES_PER_DIR; n++) {
    const file = smallFilePath(root, n);
    if (n % FILES_PER_DIR === 0) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, holdsLeak(n) ? `const c = "${conn(n)}";\n` : `export const v${n} = (a, b) => a == b && ${Math.floor(rnd() * 1e6)};\n`);
  }
  const big = path.join(root, 'big');
  fs.mkdirSync(big, { recursive: true });
  const chunk = 'function a(b){return b==null?void 0:b.c===1?"x":b.d==2}var e=a({c:1});';
  fs.writeFileSync(path.join(big, 'bundle.min.js'), `${chunk.repeat(Math.ceil(10e6 / chunk.length))}var k="${conn(100_001)}";`);
  const keys: string[] = [];
  while (keys.length * 89 < 4e6) keys.push(legacyKey(rnd));
  fs.writeFileSync(path.join(big, 'keys.txt'), `${keys.join('\n')}\n`);
  fs.writeFileSync(path.join(big, 'image.bin'), Buffer.from(Array.from({ length: 1 << 20 }, (_v, i) => (i * 7919) & 0xff)));
  fs.writeFileSync(path.join(big, 'notes-latin1.txt'), Buffer.concat([Buffer.from('caf\xe9 \xe0 la cr\xe8me\nCONN=', 'latin1'), Buffer.from(conn(100_002))]));
  fs.writeFileSync(path.join(big, 'huge.log'), Buffer.alloc(20 * 1024 * 1024, 0x61));
  fs.symlinkSync(path.join(big, 'nowhere.js'), path.join(big, 'broken-link.js'));
}
