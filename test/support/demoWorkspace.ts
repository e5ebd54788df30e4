// The demo workspace (`npm start`, the UI tests): test/fixtures/demo-workspace holds its files with placeholders
// where the planted leaks go, and this writes a copy with real-format keys in their place. No key-bearing literal is
// committed — the repository passes its own scanner and push protection — and the demo still shows every leak.
//   {{emulator-key ACCOUNT KIND}}          the demo ARM emulator's key of ACCOUNT (primary, secondary,
//                                          primaryReadonly, secondaryReadonly), as a freshly started emulator serves it
//   {{new-key identifiable SEEDTAG[ url]}} a fresh random identifiable key (checksum computed by the detector's own
//                                          Marvin32) for SEEDTAG (MastRW00, MastRO00); `url`: URL-encoded
//   {{new-key legacy[ url]}}               a fresh random legacy-format key (64 bytes, base64)
import { randomInt } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmulatorState } from '../arm-emulator/emulatorState';
import { KEY_KINDS, loadScenario, type KeyKind } from '../arm-emulator/scenario';
import { identifiableKey, legacyKey } from './keyFactory';
import { repoRoot } from './repoRoot';

export const DEMO_WORKSPACE_TEMPLATE = path.join(repoRoot(), 'test', 'fixtures', 'demo-workspace');

/** Placeholders: `{{emulator-key …}}` and `{{new-key …}}`, arguments separated by single spaces. */
const PLACEHOLDER = /\{\{(emulator-key|new-key)((?: [\w-]+)+)\}\}/g;

/** Files the demo's keys are written into are small text files; anything else is copied as it is. */
const TEMPLATE_MAX_BYTES = 1 << 20;

/** Random numbers from the operating system's CSPRNG, in the shape keyFactory takes: demo keys differ on every run. */
export function cryptoRandom(): () => number {
  return () => randomInt(0, 2 ** 32) / 2 ** 32;
}

/**
 * The keys of the demo scenario's accounts as the ARM emulator serves them after it starts (its keys come from a
 * seeded generator: the same on every start, until a key is regenerated).
 */
export function demoEmulatorKey(account: string, kind: KeyKind): string {
  const state = new EmulatorState(loadScenario('demo'), { now: () => new Date(), lroPolls: 2, lroDurationMs: undefined }, new Set());
  return state.findAccount(account).keys[kind];
}

/** Replaces every placeholder in `text`; throws on one it does not understand (a typo must not ship a blank key). */
export function fillPlaceholders(text: string, rnd: () => number = cryptoRandom(), where = 'the template'): string {
  return text.replace(PLACEHOLDER, (whole: string, verb: string, rawArgs: string) => {
    const args = rawArgs.trim().split(' ');
    if (verb === 'emulator-key') {
      const [account, kind, ...rest] = args;
      if (!account || !isKeyKind(kind) || rest.length) throw new Error(`${where}: bad placeholder ${whole} (want {{emulator-key ACCOUNT ${KEY_KINDS.join('|')}}})`);
      return demoEmulatorKey(account, kind);
    }
    const [format, ...options] = args;
    const url = options.at(-1) === 'url';
    if (url) options.pop();
    let key: string;
    if (format === 'legacy' && options.length === 0) key = legacyKey(rnd);
    else if (format === 'identifiable' && options.length === 1 && /^[A-Za-z0-9]{8}$/.test(options[0]!)) key = identifiableKey(rnd, options[0]);
    else throw new Error(`${where}: bad placeholder ${whole} (want {{new-key legacy[ url]}} or {{new-key identifiable SEEDTAG[ url]}})`);
    return url ? encodeURIComponent(key) : key;
  });
}

function isKeyKind(value: string | undefined): value is KeyKind {
  return (KEY_KINDS as readonly string[]).includes(value ?? '');
}

/**
 * Copies the demo workspace template to `target` (which must not exist yet) with every placeholder filled in.
 * Returns `target`.
 */
export function writeDemoWorkspace(target: string, template = DEMO_WORKSPACE_TEMPLATE, rnd: () => number = cryptoRandom()): string {
  if (fs.existsSync(target)) throw new Error(`${target} already exists: the demo workspace is written into a new folder`);
  fs.cpSync(template, target, { recursive: true });
  for (const entry of fs.readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.statSync(file).size > TEMPLATE_MAX_BYTES) continue;
    const text = fs.readFileSync(file, 'utf8');
    const filled = fillPlaceholders(text, rnd, path.relative(target, file));
    if (filled !== text) fs.writeFileSync(file, filled);
  }
  return target;
}

// `node out/test/support/demoWorkspace.js DIR` writes a demo workspace to DIR (a new folder), e.g. for the CLI.
if (require.main === module) {
  const [target] = process.argv.slice(2);
  if (!target) {
    console.error('usage: node out/test/support/demoWorkspace.js DIR   (DIR must not exist yet)');
    process.exit(2);
  }
  console.log(writeDemoWorkspace(path.resolve(target)));
}
