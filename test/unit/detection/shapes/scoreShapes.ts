// Prints line-level precision and recall of the detector on the real-world shape cases, per class and overall:
//   npm run build && node out/test/unit/detection/shapes/scoreShapes.js [--runs N]
// Each run draws fresh keys (a new seed); the figures are summed over the runs.
import { SHAPE_CLASSES } from './allShapes';
import { keyMaker, score, type ShapeCase } from './shapeCase';

const at = process.argv.indexOf('--runs');
const runs = at >= 0 ? Number(process.argv[at + 1]) : 20;
const all: ShapeCase[] = [];
for (const cls of SHAPE_CLASSES) {
  const cases: ShapeCase[] = [];
  for (let r = 0; r < runs; r++) cases.push(...cls.build(keyMaker(Math.floor(Math.random() * 2 ** 31))));
  all.push(...cases);
  const s = score(cases);
  console.log(`${cls.name.padEnd(40)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (TP ${s.tp}, FP ${s.fp}, FN ${s.fn})`);
}
const s = score(all);
console.log(`${'all classes'.padEnd(40)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (TP ${s.tp}, FP ${s.fp}, FN ${s.fn}; ${runs} runs)`);
