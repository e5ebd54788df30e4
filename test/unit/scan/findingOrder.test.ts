import assert from 'node:assert/strict';
import { compareFindings } from '../../../src/core/scan';

describe('compareFindings', () => {
  const f = (file: string, line: number, column: number, rule = 'r', fingerprint = 'f') =>
    ({ file, line, column, endLine: line, endColumn: column + 88, rule, fingerprint });

  it('orders by file (code units, not locale), then line, column, rule and fingerprint', () => {
    const list = [f('b.js', 1, 1), f('a.js', 10, 1), f('a.js', 2, 5), f('a.js', 2, 3), f('B.js', 1, 1), f('a.js', 2, 3, 'q'), f('a.js', 2, 3, 'q', 'e')];
    const sorted = [...list].sort(compareFindings).map((x) => `${x.file}:${x.line}:${x.column}:${x.rule}:${x.fingerprint}`);
    assert.deepEqual(sorted, ['B.js:1:1:r:f', 'a.js:2:3:q:e', 'a.js:2:3:q:f', 'a.js:2:3:r:f', 'a.js:2:5:r:f', 'a.js:10:1:r:f', 'b.js:1:1:r:f']);
  });
});
