// The unpadded-key detector looks for password anchors only where a key can end within reach of them: in and just
// before the runs of key text (base64 characters and the characters of their escapes). These tests hold the run
// finder to a plain regular expression on random text, and the detector to its window at the run's edges.
import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/detection';
import { detectionWork } from '../../../src/core/detection/workCounter';
import { keyTextRuns } from '../../../src/core/detection/unpaddedKeys';
import { legacyKey, seededRandom } from '../../support/keyFactory';
import { assertLinearSteps, MIB, repeatTo, SIXTEENTH_MIB } from '../adversarial/growth';

const KEY_TEXT_RUN = /[A-Za-z0-9+/%\\&#;]{86,}/g;
const reference = (text: string): number[] => [...text.matchAll(KEY_TEXT_RUN)].flatMap((m) => [m.index, m.index + m[0].length]);

describe('unpadded keys: where anchors are looked for', () => {
  it('finds exactly the runs of 86 or more key-text characters', () => {
    const rnd = seededRandom(86);
    const pick = (s: string): string => s[Math.floor(rnd() * s.length)]!;
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 2000) {
        // Runs around the threshold (80–92 characters) and short ones, joined by one or a few other characters.
        const length = rnd() < 0.5 ? 80 + Math.floor(rnd() * 13) : Math.floor(rnd() * 20);
        for (let i = 0; i < length; i++) text += pick('aZ09+/%\\&#;');
        const gap = 1 + Math.floor(rnd() * 3);
        for (let i = 0; i < gap; i++) text += pick(' ."=:\n-_@');
      }
      assert.deepEqual(keyTextRuns(text), reference(text), `round ${round}`);
    }
    assert.deepEqual(keyTextRuns('a'.repeat(85)), []);
    assert.deepEqual(keyTextRuns('a'.repeat(86)), [0, 86]);
    assert.deepEqual(keyTextRuns(`.${'a'.repeat(86)}.${'b'.repeat(90)}`), [1, 87, 88, 178]);
  });

  it('reads each character at most once or twice, whatever the text (1 MiB of near-misses)', () => {
    const near = (size: number): string => repeatTo(size, (i) => `${'a'.repeat(i % 86)}.`);
    const steps = (text: string): number => {
      const before = detectionWork.steps;
      keyTextRuns(text);
      return detectionWork.steps - before;
    };
    const [small, large] = [near(SIXTEENTH_MIB), near(MIB)];
    assertLinearSteps(steps(small), steps(large), MIB / SIXTEENTH_MIB);
    assert.ok(steps(large) <= 2 * large.length, `${steps(large)} reads for ${large.length} characters`);
  });

  it('still finds a key whose password anchor is as far before its end as the window allows, and not one further', () => {
    const key = legacyKey(seededRandom(4)).slice(0, 86);
    const at = (gap: number): number => {
      // `password: ` then spaces, then the key: the anchor (`assword`) starts 1 character into the line.
      const text = `host = g.gremlin.cosmos.azure.com\npassword: ${' '.repeat(gap)}${key}\n`;
      return scanText('graph.yaml', text).length;
    };
    // The key ends 1 + 'assword: '.length + gap + 86 characters after the anchor: found while that is at most 400.
    const reach = 400 - ('assword: '.length + 86);
    assert.equal(at(reach), 1);
    assert.equal(at(reach + 1), 0);
    // Escaped key text (`%2B`, `\/`) counts as key text: the run holds the whole escaped key.
    const escaped = legacyKey(seededRandom(5), { alphanumericOnly: false }).slice(0, 86).replace(/\+/g, '%2B').replace(/\//g, '%2F');
    assert.match(escaped, /%2[BF]/, 'the key has a + or / to escape');
    assert.equal(scanText('db.env', `MONGODB_URI=mongodb://u:${escaped}@u.mongo.cosmos.azure.com:10255/?ssl=true\n`).length, 1);
  });
});
