// maskSecrets runs over anything we log or show (error messages can quote a file or an ARM response); safeExcerpt
// over anything we quote. Both must stay linear whatever the text.
import assert from 'node:assert/strict';
import { maskSecrets } from '../../../src/core/masking/maskSecrets';
import { safeExcerpt } from '../../../src/core/masking/safeExcerpt';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { assertLinearTime, repeatTo } from './growth';

const key = legacyKey(seededRandom(99));

describe('adversarial text for masking (1 MiB and more)', () => {
  const shapes: [string, (i: number) => string][] = [
    ['`a://:` repeated (a URI user with no @ after it)', () => 'a://:'],
    ['one URI with a megabyte of password and no @', (i) => (i === 0 ? 'mongodb://user:' : 'p')],
    ['schemes without `://`', () => 'abc+def.ghi-'],
    ['one letter repeated (key-shaped, no terminator)', () => 'x'],
    ['`==` after every key character', () => 'a=='],
    ['URL-encoded key characters', () => '%2B'],
    ['JSON-escaped slashes and terminators', (i) => (i % 40 ? '\\/' : '\\u003D\\u003D')],
    ['keys back to back', () => key],
    ['key fields with long values', () => `AccountKey = ${'v'.repeat(300)};Password=`],
    ['field names with whitespace and no =', () => `Password${' '.repeat(100)}`],
  ];
  for (const [name, unit] of shapes) {
    it(`masks ${name} in linear time`, () => assertLinearTime((size) => repeatTo(size, unit), (text) => maskSecrets(text)));
  }

  it('still masks every key in a megabyte of them', () => {
    const masked = maskSecrets(`${key} `.repeat(Math.ceil((1024 * 1024) / 89)));
    assert.ok(!masked.includes(key.slice(0, 20)));
  });

  it('quotes a megabyte of anything in linear time, at most 40 characters', () => {
    assertLinearTime((size) => repeatTo(size, (i) => (i % 3 ? '\u001b[2J' : key)), (text) => {
      const excerpt = safeExcerpt(text);
      assert.ok(excerpt.length <= 40);
      return excerpt;
    });
  });
});
