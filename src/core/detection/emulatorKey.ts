import { sha256Hex } from '../hashing/sha256';

// SHA-256 of the Azure Cosmos DB emulator's published, well-known key. The key itself is deliberately not in the
// source: the Marketplace credential scanner rejects bundles that contain it (microsoft/vscode-cosmosdb#3093).
const EMULATOR_KEY_SHA256 = 'aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615';

const cache = new Map<string, boolean>();

/** True when the decoded 88-character key is the public emulator key. */
export function isEmulatorKey(key: string): boolean {
  if (key.length !== 88) return false;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = sha256Hex(key) === EMULATOR_KEY_SHA256;
    if (cache.size > 1024) cache.clear();
    cache.set(key, hit);
  }
  return hit;
}
