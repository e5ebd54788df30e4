import * as assert from 'node:assert/strict';
import { isFillerKey, isPlaceholderPassword } from '../../../src/core/detection/placeholder';
import { legacyKey, seededRandom, toBase64 } from '../../support/keyFactory';

describe('placeholders are judged on the whole value', () => {
  it('never calls a random key a filler (10,000 samples), even one containing words', () => {
    const rnd = seededRandom(3);
    for (let i = 0; i < 10_000; i++) {
      const k = legacyKey(rnd);
      assert.equal(isFillerKey(k), false, k);
    }
    const withWord = legacyKey(rnd).slice(0, 30) + 'TestFakeExample' + legacyKey(rnd).slice(45);
    assert.equal(isFillerKey(withWord), false);
  });

  it('recognises fillers', () => {
    for (const f of ['A'.repeat(86) + '==', 'x'.repeat(86) + '==', 'abcd'.repeat(21) + 'ab==', '0123456789'.repeat(8) + '012345==',
      // Built from parts: no key-shaped literal in the sources (test/unit/cli/selfScan.test.ts checks for them).
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/' + 'ABCDEFGHIJKLMNOPQRSTUV==',
      'YourCosmosDbPrimaryKeyGoesHere' + 'ReplaceThisValueWithTheKeyFromTheAzurePortalKeysBladeNow==',
      toBase64(Buffer.from('this is not a real key; replace it with the primary key of your Cosmos DB account'.slice(0, 64)))]) {
      assert.equal(f.length, 88, f);
      assert.equal(isFillerKey(f), true, f);
    }
  });

  it('recognises password placeholders, references and redactions but not real passwords', () => {
    for (const p of ['<password>', '{password}', '${MONGO_PASSWORD}', '$(PWD)', '{{ pwd }}', '%PASSWORD%', '****', 'xxxx', 'password',
      'changeme', 'your-password', 'YourPassword', '...', '$PASSWORD']) {
      assert.equal(isPlaceholderPassword(p), true, p);
    }
    for (const p of ['S3cure#Pass9', 'Vx9ZbFMTDkvRN4fs', 'correct-horse-battery', 'hunter22!']) {
      assert.equal(isPlaceholderPassword(p), false, p);
    }
  });
});
