import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from a compiled test's folder (out/test/…), wherever mocha was started. */
export function repoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cosmos-guard') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no cosmos-guard package.json above ${from}`);
  }
}
