// ripgrep, the yardstick of scan.mjs and history.mjs: Debian's package (`apt-get install ripgrep`), which these
// scripts never download.
import fs from 'node:fs';

export const RG = '/usr/bin/rg';
/** The bare shape of a legacy Cosmos DB key: what ripgrep looks for, with no decoding and no context. */
export const RG_PATTERN = '[A-Za-z0-9+/]{86}==';

/** Ends the benchmark with a clear message (exit 2) when ripgrep is missing, before any work is timed. */
export function requireRipgrep(script) {
  if (fs.existsSync(RG)) return;
  console.error(`${script}: ripgrep is not installed (${RG} is missing); install it with: sudo apt-get install ripgrep`);
  process.exit(2);
}
