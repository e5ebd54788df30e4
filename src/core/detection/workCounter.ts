/**
 * Counts detection's work: steps of its loops and the lengths of the bounded slices its regular expressions run
 * on. Tests prove that detection stays linear on adversarial input by this count (exact and machine-independent,
 * unlike timings). Only ever incremented; reading it is for tests.
 */
export const detectionWork = { steps: 0 };
