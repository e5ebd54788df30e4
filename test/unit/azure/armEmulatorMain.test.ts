// The command-line emulator (out/test/arm-emulator/main.js) as npm start and benchmarks spawn it: one JSON line on
// stdout, request lines (never bodies) on stderr, trusted by another process through NODE_EXTRA_CA_CERTS, clean
// exit on SIGTERM.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { EmulatorControlClient } from '../../arm-emulator/controlClient';
import { HANG_MS, whenTrue } from '../../support/waiting';

const MAIN = path.resolve(__dirname, '../../arm-emulator/main.js');
const DEMO_PROD = '1f3e5a7c-9b2d-4c6e-8f10-0a2b4c6d8e01';

interface Started {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly info: { url: string; caPath: string; token: string };
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function startMain(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no JSON line within ${HANG_MS / 1000} s; stderr: ${err}`)), HANG_MS);
    child.stdout.on('data', () => {
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line) as Started['info'], stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${String(code)} before printing; stderr: ${err}`));
    });
  });
}

/** Runs `node -e` in a child process that trusts the CA only through NODE_EXTRA_CA_CERTS. */
function fetchFromOtherProcess(url: string, token: string, caPath: string): Promise<string> {
  const script = `require('https').get(process.argv[1], { headers: { Authorization: 'Bearer ' + process.argv[2] } }, (r) => {
    let b = ''; r.on('data', (c) => b += c); r.on('end', () => console.log(r.statusCode + ' ' + b)); }).on('error', (e) => console.log('ERR ' + e.code));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script, url, token], {
      stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.on('exit', () => resolve(out.trim()));
  });
}

describe('ARM emulator command line', function () {
  this.timeout(HANG_MS);

  before(function () {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run "npm run build" first`);
  });

  it('prints exactly one JSON line with url, caPath and token, serves ARM to another process, and exits 0 on SIGTERM', async () => {
    const started = await startMain(['--scenario', 'demo', '--latency', '5']);
    try {
      assert.deepEqual(Object.keys(started.info).sort(), ['caPath', 'token', 'url']);
      assert.match(started.info.url, /^https:\/\/localhost:\d+$/);
      const answer = await fetchFromOtherProcess(`${started.info.url}/subscriptions/${DEMO_PROD}?api-version=2022-12-01`, started.info.token,
        started.info.caPath);
      assert.match(answer, /^200 \{"id":"\/subscriptions\/1f3e5a7c/);
      const untrusted = await fetchFromOtherProcess(`${started.info.url}/subscriptions?api-version=2022-12-01`, started.info.token, '/dev/null');
      assert.match(untrusted, /^ERR (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
      assert.match(started.stderr(), new RegExp(`\\[arm-emulator\\] GET /subscriptions/${DEMO_PROD}\\?api-version=2022-12-01 200 \\d+ms`));
    } finally {
      started.child.kill('SIGTERM');
    }
    assert.equal(await started.exited, 0);
    assert.equal(started.stdout().trim().split('\n').length, 1, 'stdout carries the JSON line only');
  });

  it('never writes keys or connection strings to stdout or stderr', async () => {
    const started = await startMain(['--scenario', 'demo']);
    try {
      const { url, token, caPath } = started.info;
      const account = `/subscriptions/${DEMO_PROD}/resourceGroups/rg-orders/providers/Microsoft.DocumentDB/databaseAccounts/contoso-orders`;
      const ctl = new EmulatorControlClient({ url, token, caPath });
      await ctl.addFaults({ method: 'POST', path: '/listKeys', status: 503, times: 1 });
      const keysAnswer = await postFromHere(`${url}${account}/listKeys?api-version=2026-03-15`, token, caPath);
      assert.equal(keysAnswer.status, 503);
      const keys = await postFromHere(`${url}${account}/listKeys?api-version=2026-03-15`, token, caPath);
      const strings = await postFromHere(`${url}${account}/listConnectionStrings?api-version=2026-03-15`, token, caPath);
      assert.equal(keys.status, 200);
      assert.equal(strings.status, 200);
      const secrets = await ctl.keyValues();
      assert.ok(secrets.includes((JSON.parse(keys.body) as { primaryMasterKey: string }).primaryMasterKey));
      // Request lines are written in order as responses finish: once the last one is there, all are.
      await whenTrue(() => /POST \/subscriptions\/\S+\/listConnectionStrings\?api-version=2026-03-15 200 /.test(started.stderr()));
      const output = started.stdout() + started.stderr();
      assert.match(output, /POST \/subscriptions\/\S+\/listKeys\?api-version=2026-03-15 503 \d+ms \(fault: POST \/listKeys → 503\)/);
      for (const s of secrets) assert.ok(!output.includes(s), 'a key or connection string reached the emulator\'s output');
    } finally {
      started.child.kill('SIGINT');
    }
    assert.equal(await started.exited, 0);
  });

  it('rejects bad arguments with exit code 2 and usage', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => { err += c.toString('utf8'); });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--port must be a whole number >= 0, got "eighty"/);
    assert.match(err, /Usage: node out\/test\/arm-emulator\/main\.js/);
  });
});

function postFromHere(url: string, token: string, caPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca: readFileSync(caPath, 'utf8'), agent: false, headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
