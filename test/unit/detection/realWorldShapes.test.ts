// Real-world shapes (issue 10 §4), one class per block, positives and near-miss negatives; see shapes/shapeCase.ts.
import * as assert from 'node:assert/strict';
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
