// Table-driven cases for the `cosmos-key-based-client` analysis: a file, what it must report (or nothing), and the
// file's text after the rewrite (or that no rewrite is offered). Keys are generated here, never committed.
import * as assert from 'node:assert/strict';
import { findKeyBasedClients, type CredentialForm, type ValueSource } from '../../../src/core/clients';
import { applyTextEdits } from '../../../src/core/remediation';
import { legacyKey, seededRandom } from '../../support/keyFactory';

export interface ClientCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** Nothing reported when null. */
  readonly expect: null | {
    readonly credential: CredentialForm;
    readonly source: ValueSource;
    /** The exact text the finding's range covers. */
    readonly construction: string;
    /** The whole file after the rewrite; null: no rewrite is offered. */
    readonly rewritten: string | null;
  };
}

/** A fresh synthetic key (for literals in the cases). */
export const key = (seed: number): string => legacyKey(seededRandom(seed), { alphanumericOnly: true });
/** A NoSQL connection string of a made-up account with a fresh synthetic key. */
export const conn = (seed: number): string => `AccountEndpoint=https://acct${seed}.documents.azure.com:443/;AccountKey=${key(seed)};`;

export function runCases(cases: readonly ClientCase[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const found = findKeyBasedClients(c.file, c.text);
      if (c.expect === null) {
        assert.deepEqual(found.map((f) => c.text.slice(f.start, f.end)), []);
        return;
      }
      assert.equal(found.length, 1, `one construction expected, got ${JSON.stringify(found.map((f) => c.text.slice(f.start, f.end)))}`);
      const f = found[0]!;
      assert.equal(c.text.slice(f.start, f.end), c.expect.construction);
      assert.deepEqual([f.credential, f.source], [c.expect.credential, c.expect.source]);
      if (c.expect.rewritten === null) {
        assert.equal(f.rewrite, undefined, 'no rewrite');
        assert.ok(f.noRewriteReason, 'a reason why not');
      } else {
        assert.ok(f.rewrite, `a rewrite (none: ${f.noRewriteReason})`);
        assert.equal(applyTextEdits(c.text, f.rewrite.edits), c.expect.rewritten);
        assert.equal(findKeyBasedClients(c.file, c.expect.rewritten).length, 0, 'the rewritten client is not reported again');
      }
    });
  }
}
