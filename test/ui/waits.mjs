// How long one UI wait may take. UI tests wait for what they mean to see (an element, a text, a state); this limit
// only turns a hang into a failure, and is long enough for a busy 2-core machine. Not a test itself.
export const UI_WAIT_MS = 120_000;
