import { isPlaceholderPassword } from './placeholder';

/** A password in a Cosmos DB for MongoDB vCore URI: `mongodb+srv://user:password@x.mongocluster.cosmos.azure.com`. */
export interface PasswordCandidate {
  readonly password: string;
  readonly user: string;
  readonly host: string;
  readonly start: number;
  readonly end: number;
}

const HOST_MARK = '.mongocluster.cosmos.azure.';
const MAX_URI = 2048;
const USERINFO_STOP = new Set([10, 13, 32, 9, 34, 39, 96, 60, 62]); // whitespace, quotes, < >

/** Anchors on the vCore host (rare in text, so the scan is cheap) and parses the userinfo before it. */
export function findVcorePasswords(text: string): PasswordCandidate[] {
  const out: PasswordCandidate[] = [];
  let pos = text.indexOf(HOST_MARK);
  while (pos !== -1) {
    const c = passwordBefore(text, pos);
    if (c) out.push(c);
    pos = text.indexOf(HOST_MARK, pos + HOST_MARK.length);
  }
  return out;
}

function passwordBefore(text: string, markPos: number): PasswordCandidate | undefined {
  // Host label(s) back to the `@` that ends the userinfo.
  let h = markPos;
  while (h > 0 && /[A-Za-z0-9-]/.test(text[h - 1]!)) h--;
  if (h === 0 || text[h - 1] !== '@') return undefined;
  const at = h - 1;
  const hostEnd = /^[A-Za-z0-9.-]+/.exec(text.slice(h, h + 256));
  const host = hostEnd ? hostEnd[0] : '';
  // Back to `://` of a mongodb or mongodb+srv scheme, without crossing whitespace or quotes.
  let s = at;
  const limit = Math.max(0, at - MAX_URI);
  while (s > limit && !USERINFO_STOP.has(text.charCodeAt(s - 1)) && !text.startsWith('://', s - 3)) s--;
  if (!text.startsWith('://', s - 3)) return undefined;
  if (!/mongodb(?:\+srv)?$/i.test(text.slice(Math.max(0, s - 14), s - 3))) return undefined;
  const userinfo = text.slice(s, at);
  const colon = userinfo.indexOf(':');
  if (colon <= 0) return undefined;
  const password = userinfo.slice(colon + 1);
  if (password === '' || isPlaceholderPassword(password)) return undefined;
  return { password, user: userinfo.slice(0, colon), host, start: s + colon + 1, end: at };
}
