import { sha256Hex } from '../hashing/sha256';

// SHA-256 of the published, well-known keys of local emulators. The keys themselves are deliberately not in the
// source: the Marketplace credential scanner rejects bundles that contain them (microsoft/vscode-cosmosdb#3093).
const WELL_KNOWN: ReadonlyMap<string, WellKnownKey> = new Map([
  // The Azure Cosmos DB emulator's key (and the Linux/vNext emulator's default).
  ['aa6547439583c3a275d4542a0df6c1ad6a863971be9f2a2220f027cc02aef615', 'cosmos-emulator'],
  // Azurite's (and the old Azure Storage emulator's) `devstoreaccount1` key: 88 characters too, never Cosmos.
  ['0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059', 'storage-emulator'],
] as const);

export type WellKnownKey = 'cosmos-emulator' | 'storage-emulator';

const cache = new Map<string, WellKnownKey | null>();

/** Which public emulator key the decoded 88-character value is, if any. */
export function wellKnownKey(key: string): WellKnownKey | undefined {
  if (key.length !== 88) return undefined;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = WELL_KNOWN.get(sha256Hex(key)) ?? null;
    if (cache.size > 1024) cache.clear();
    cache.set(key, hit);
  }
  return hit ?? undefined;
}

