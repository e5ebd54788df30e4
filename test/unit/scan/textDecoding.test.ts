import assert from 'node:assert/strict';
import { decodeFileBytes, decodeLatin1, detectBom, type DecodedFile } from '../../../src/core/scan';

const text = (d: DecodedFile): string => {
  assert.equal(d.kind, 'text');
  return d.kind === 'text' ? d.text : '';
};

describe('decodeFileBytes', () => {
  it('decodes UTF-8 and strips its BOM', () => {
    const d = decodeFileBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo ✓')]));
    assert.deepEqual(d, { kind: 'text', text: 'héllo ✓', encoding: 'utf-8' });
  });

  it('decodes UTF-16 LE and BE by BOM (their NUL bytes do not make them binary)', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('key=abc€\n', 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    assert.deepEqual(decodeFileBytes(le), { kind: 'text', text: 'key=abc€\n', encoding: 'utf-16le' });
    assert.deepEqual(decodeFileBytes(be), { kind: 'text', text: 'key=abc€\n', encoding: 'utf-16be' });
  });

  it('reads invalid UTF-8 as Latin-1, one character per byte', () => {
    const d = decodeFileBytes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3d, 0x3d]));
    assert.deepEqual(d, { kind: 'text', text: 'café==', encoding: 'latin1' });
    assert.equal(decodeLatin1(Uint8Array.from([0x80, 0xff, 0x41])), '\u0080\u00ffA');
  });

  it('calls a file with a NUL byte in its first 8 KiB binary, but not one further on', () => {
    assert.deepEqual(decodeFileBytes(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00])), { kind: 'binary' });
    const late = Buffer.alloc(9000, 0x61);
    late[8500] = 0;
    assert.equal(decodeFileBytes(late).kind, 'text');
    assert.deepEqual(decodeFileBytes(Uint8Array.from([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])), { kind: 'binary' }, 'UTF-32 is not supported');
  });

  it('uses host decoders when given', () => {
    const calls: string[] = [];
    const d = decodeFileBytes(Buffer.from('abc'), { utf8: () => { calls.push('utf8'); return 'ABC'; } });
    assert.equal(text(d), 'ABC');
    assert.deepEqual(calls, ['utf8']);
  });

  it('skips decoding text without any trigger only when asked, still naming the encoding', () => {
    const plain = Buffer.from('const a = 1;\n');
    assert.deepEqual(decodeFileBytes(plain, {}, { skipWithoutTriggers: true }), { kind: 'noSecret', encoding: 'utf-8' });
    assert.deepEqual(decodeFileBytes(Buffer.from([0xe9, 0x0a]), {}, { skipWithoutTriggers: true }), { kind: 'noSecret', encoding: 'latin1' });
    assert.equal(decodeFileBytes(plain).kind, 'text');
    assert.equal(decodeFileBytes(Buffer.from('a == b'), {}, { skipWithoutTriggers: true }).kind, 'noSecret'); // the == of code
    assert.equal(decodeFileBytes(Buffer.from('k: ab+/=='), {}, { skipWithoutTriggers: true }).kind, 'text');
  });

  it('detects byte-order marks', () => {
    assert.deepEqual(detectBom(Uint8Array.from([0xfe, 0xff, 0, 0x41])), { encoding: 'utf-16be', length: 2 });
    assert.equal(detectBom(Uint8Array.from([0x41])), undefined);
  });
});
