// How long detection and suppression parsing may take on a text, estimated from a cheap count of the places they
// look at closely. Both are linear in the text, but not with the same factor everywhere: a plain character costs
// nanoseconds, a key-shaped value tens of microseconds (read back, context analysis, fingerprint). (A vCore
// password's fingerprint is no longer stretched — it derives from the cluster host and user — so it costs no more
// than a key.) The editor uses the estimate to keep such texts off the extension host's thread even when short.
import { SECRET_TRIGGERS } from '../detection';
import { SUPPRESSION_TOKEN } from '../suppression';

// Upper ends measured on a loaded 2-vCPU machine (bench/hostile.mjs, "detection" rows).
const MICROS_PER_CHAR = 0.003;
const MICROS_PER_KEY_SPOT = 100;
const MICROS_PER_SUPPRESSION = 10;

const isBase64Code = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;

/**
 * Estimated microseconds to scan `text` and apply its suppressions; counting stops once the estimate passes
 * `limit`, so a caller that only compares with a budget pays at most one read of the text.
 */
export function estimateScanMicros(text: string, limit = Infinity): number {
  let micros = text.length * MICROS_PER_CHAR;
  const count = (needle: string, cost: number, counts: (at: number) => boolean = () => true): void => {
    for (let at = text.indexOf(needle); at !== -1 && micros <= limit; at = text.indexOf(needle, at + needle.length)) {
      if (counts(at)) micros += cost;
    }
  };
  // Only a `==` after a key character and before no third `=` is read back (not the `==` of code).
  count('==', MICROS_PER_KEY_SPOT, (at) => at > 0 && isBase64Code(text.charCodeAt(at - 1)) && text.charCodeAt(at + 2) !== 61);
  for (const trigger of SECRET_TRIGGERS) {
    if (trigger !== '==' && micros <= limit) count(trigger, MICROS_PER_KEY_SPOT);
  }
  if (micros <= limit) count(SUPPRESSION_TOKEN, MICROS_PER_SUPPRESSION);
  return micros;
}
