// Real-world shapes (issue 10 §4), one class per block, positives and near-miss negatives; see shapes/shapeCase.ts.
import * as assert from 'node:assert/strict';
import { mayContainSecretBytes } from '../../../src/core/scan';
import { SHAPE_CLASSES } from './shapes/allShapes';
import { detect, keyMaker, SHAPES_SEED } from './shapes/shapeCase';

for (const cls of SHAPE_CLASSES) {
  describe(`real-world shapes: ${cls.name}`, () => {
    for (const c of cls.build(keyMaker(SHAPES_SEED))) {
      it(c.lines.length ? c.name : `not a secret: ${c.name}`, () => {
        const got = detect(c);
        const replay = `(replay with SHAPES_SEED=${SHAPES_SEED}) ${c.file}`;
        assert.deepEqual(got.lines, [...c.lines], replay);
        assert.equal(got.count, c.findings ?? c.lines.length, `findings in ${replay}`);
      });
    }
  });
}

describe('real-world shapes: the byte-level pre-check', () => {
  it('lets every case that holds a secret through (it skips only files detection would find nothing in)', () => {
    for (const cls of SHAPE_CLASSES) {
      for (const c of cls.build(keyMaker(SHAPES_SEED))) {
        if (!c.lines.length || typeof c.content !== 'string') continue;
        const bytes = Buffer.from(c.content, 'utf8');
        assert.ok(mayContainSecretBytes(bytes), `${cls.name}: ${c.name}`);
        assert.ok(mayContainSecretBytes(bytes, (b, n, from) => Buffer.from(b).indexOf(n, from)), `${cls.name}: ${c.name} (native search)`);
      }
    }
  });
});
