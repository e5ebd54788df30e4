// Renders the monochrome activity-bar glyph media/icon.svg into the 128x128 Marketplace icon media/icon.png,
// offline, with Debian's Chromium (the same browser the host tests drive). Re-run after changing the SVG.
//   node scripts/render-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { createRunDir, ensureHost, launchChromium, REPO_ROOT } from '../test/harness/vscodeHost.mjs';

const SIZE = 128;
const COLOR = '#0078d4';

const svg = fs.readFileSync(path.join(REPO_ROOT, 'media', 'icon.svg'), 'utf8');
const { hostDir } = ensureHost();
const run = createRunDir('cosmos-guard-icon-');
const browser = await launchChromium(hostDir, run);
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<!doctype html><html><head><style>
    html, body { margin: 0; background: transparent; }
    svg { display: block; width: ${SIZE}px; height: ${SIZE}px; color: ${COLOR}; }
  </style></head><body>${svg}</body></html>`);
  await page.screenshot({ path: path.join(REPO_ROOT, 'media', 'icon.png'), omitBackground: true });
  console.log('media/icon.png written');
} finally {
  await browser.close();
  run.remove();
}
