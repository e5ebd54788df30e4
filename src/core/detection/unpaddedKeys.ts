import { readBase64CharBack, type DecodedChar } from './escapedChars';
import { unpaddedKeyEndingAt, type KeyCandidate } from './keyCandidates';
import { detectionWork } from './workCounter';

// Keys written without their `==` padding, where a driver takes the key as a password: Gremlin (the TinkerPop
// drivers' SASL authenticator), Cassandra (`PlainTextAuthProvider`, the Spark connector), MongoDB URIs. Without a
// terminator to anchor on, these are looked for only near a password position, and only in a text that names a
// Cosmos host (every one has `.azure.` or `microsoftazure.` in it) — the context a driver's password needs anyway.

/** One of these is in every text where an unpadded key is looked for (the byte-level pre-check uses them too). */
export const UNPADDED_GATES: readonly string[] = ['zure.'];

/**
 * Where a password follows within WINDOW characters. One regular expression of literal alternatives (a bounded
 * amount of work per position) finds them all in one pass: a dozen `indexOf` passes over a large file cost three
 * times as much. It is re-run from the next character after each match, so that anchors overlapping one another
 * (`BasicAuthenticator(`) are all found.
 */
const PASSWORD_ANCHORS = /assword|ASSWORD|asswd|ASSWD|pwd|Pwd|PWD| -p |redentials\(|Authenticator\(|AuthProvider\(|BasicAuth|mongodb/g;
const WINDOW = 400;

/** Characters that end a password value (and so may end an unpadded key). */
function endsValue(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  switch (c) {
    case 32: case 9: case 10: case 13: case 34: case 39: case 96: case 64 /* @ */: case 59 /* ; */: case 44 /* , */:
    case 41 /* ) */: case 93 /* ] */: case 125 /* } */: case 60 /* < */: case 62 /* > */: case 124 /* | */:
      return true;
    case 38 /* & */: return text.charCodeAt(i + 1) !== 35; // a query separator, not a character reference
    case 92 /* \ */: return /["'nrt]/.test(text[i + 1] ?? ''); // \" closing an escaped string, \n …
    default: return false;
  }
}

/**
 * Every 86-character value that decodes to 64 bytes and ends a password position. Linear: the windows after the
 * anchors are merged and walked once, and a key is read back only from the end of a value (at most 86 logical
 * characters, which lie in the window already walked).
 */
export function findUnpaddedKeys(text: string): KeyCandidate[] {
  if (!UNPADDED_GATES.some((g) => text.includes(g))) return [];
  const anchors: number[] = [];
  PASSWORD_ANCHORS.lastIndex = 0;
  for (let m = PASSWORD_ANCHORS.exec(text); m; m = PASSWORD_ANCHORS.exec(text)) {
    anchors.push(m.index);
    PASSWORD_ANCHORS.lastIndex = m.index + 1;
  }
  if (anchors.length === 0) return [];
  const found: KeyCandidate[] = [];
  const step: DecodedChar = { ch: 0, enc: 'raw' };
  let walked = 0; // everything before this offset has been walked
  for (const a of anchors) {
    const from = Math.max(a, walked);
    const to = Math.min(text.length, a + WINDOW);
    for (let i = from + 1; i <= to; i++) {
      if (!endsValue(text, i) || readBase64CharBack(text, i, step) === 0) continue;
      const c = unpaddedKeyEndingAt(text, i);
      if (c) found.push(c);
    }
    detectionWork.steps += Math.max(0, to - from);
    walked = Math.max(walked, to + 1);
  }
  return found;
}
