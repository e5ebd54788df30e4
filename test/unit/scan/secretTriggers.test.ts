import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { mayContainSecretBytes } from '../../../src/core/scan';
import { identifiableKey, legacyKey, seededRandom } from '../../support/keyFactory';

describe('mayContainSecretBytes (the reader\'s pre-check)', () => {
  it('accepts every text in which detection finds something, in every encoding it reads', () => {
    const rnd = seededRandom(77);
    const legacy = legacyKey(rnd);
    const samples = [
      `AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=${legacy};`,
      `mongodb://a:${encodeURIComponent(legacy)}@a.mongo.cosmos.azure.com:10255/?ssl=true`,
      `{"key": "${legacy.replace(/\//g, '\\/')}", "host": "a.documents.azure.com"}`,
      `cosmos_key: ${Buffer.from(`${legacy}\n`).toString('base64')}`,
      `const k = "${identifiableKey(rnd)}";`,
      'mongodb+srv://admin:S3cretPassw0rd@cluster.mongocluster.cosmos.azure.com/?tls=true',
    ];
    for (const s of samples) {
      assert.ok(scanText('f', s).length > 0, `detection finds ${s.slice(0, 24)}…`);
      assert.equal(mayContainSecretBytes(Buffer.from(s)), true, s.slice(0, 24));
      assert.equal(mayContainSecretBytes(Buffer.from(s), (b, n) => Buffer.from(b).includes(n)), true);
    }
  });

  it('rejects text without any trigger', () => {
    assert.equal(mayContainSecretBytes(Buffer.from('const x = a === b ? 1 : 2;'.replace(/===/g, '!'))), false);
    assert.equal(mayContainSecretBytes(new Uint8Array(0)), false);
  });
});
