// The repository passes its own scanner and GitHub push protection. Key-bearing fixtures are generated at test or
// start time (test/support/keyFactory.ts, demoWorkspace.ts), never committed. A failure lists each finding the way
// the CLI reports it, masked to the last 4 characters.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { maskValue } from '../../../src/core/masking/maskSecrets';
import { HANG_MS } from '../../support/waiting';
import { ROOT, runCli } from './cliHarness';

interface ReportedFinding { file: string; line: number; column: number; rule: string; message: string }

/**
 * Secrets that push protection blocks beyond what Cosmos Guard reports (its partner patterns: other clouds' keys,
 * tokens, private keys), and the bare shape of every Azure account key, whatever its context.
 */
const PUSH_PROTECTION_PATTERNS: readonly [string, RegExp][] = [
  ['PEM private key', /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/],
  ['Azure account key (64 bytes, base64)', /(?<![A-Za-z0-9+/-])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/],
  ['Azure account key (URL-encoded)', /(?<![A-Za-z0-9%])(?:[A-Za-z0-9]|%2[BbFf]){86,}%3[Dd]%3[Dd]/],
  ['Azure SAS signature', /[?&]sig=[A-Za-z0-9%+/]{40,}/],
  ['GitHub token', /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{50,})\b/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['Slack token', /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
  ['Stripe secret key', /\b[rs]k_live_[0-9A-Za-z]{24,}\b/],
  ['JSON Web Token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

describe('self-scan: the repository passes its own scanner and push protection', function () {
  this.timeout(HANG_MS);

  it('`cosmos-guard scan .` exits 0 with no findings', () => {
    const run = runCli(['scan', '.', '--format', 'json']);
    let findings: ReportedFinding[];
    try {
      findings = (JSON.parse(run.stdout) as { findings: ReportedFinding[] }).findings;
    } catch {
      assert.fail(`the CLI printed no JSON report (exit ${run.status}):\n${run.stderr}`);
    }
    const list = findings.map((f) => `  ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`).join('\n');
    assert.equal(findings.length, 0, `${findings.length} unsuppressed finding(s) in the repository — generate the key at test time `
      + `(test/support/keyFactory.ts) or, for content that is not a real-format secret, add a reasoned suppression:\n${list}`);
    assert.equal(run.status, 0, run.stderr);
  });

  it('no tracked file holds a secret that GitHub push protection blocks (private keys, tokens, key-shaped strings)', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0').filter(Boolean);
    assert.ok(tracked.length > 100, `git ls-files listed ${tracked.length} files`);
    const hits: string[] = [];
    for (const file of tracked) {
      const abs = path.join(ROOT, file);
      if (!fs.existsSync(abs) || !fs.statSync(abs).isFile() || fs.statSync(abs).size > 8 << 20) continue;
      const bytes = fs.readFileSync(abs);
      if (bytes.includes(0)) continue; // binary
      const lines = bytes.toString('utf8').split('\n');
      lines.forEach((line, i) => {
        for (const [what, pattern] of PUSH_PROTECTION_PATTERNS) {
          const match = pattern.exec(line);
          if (match) hits.push(`  ${file}:${i + 1}: ${what} (${maskValue(match[0])})`);
        }
      });
    }
    assert.deepEqual(hits, [], `tracked files hold secrets push protection would block — generate them at test time:\n${hits.join('\n')}`);
  });
});
