import * as assert from 'node:assert/strict';
import { cloudForEndpoint } from '../../../src/azure/armCloud';
import { RequestLimiter } from '../../../src/azure/requestLimiter';

const tick = () => new Promise((r) => setImmediate(r));

describe('request limiter', () => {
  it('runs at most N tasks at once, urgent ones before queued normal ones', async () => {
    const limiter = new RequestLimiter(2);
    const order: string[] = [];
    const gates = new Map<string, () => void>();
    const task = (name: string) => () => new Promise<string>((resolve) => {
      order.push(name);
      gates.set(name, () => resolve(name));
    });
    const all = [limiter.run(task('a')), limiter.run(task('b')), limiter.run(task('c')), limiter.run(task('urgent'), { urgent: true })];
    await tick();
    assert.deepEqual(order, ['a', 'b']);
    gates.get('a')!();
    await tick();
    assert.deepEqual(order, ['a', 'b', 'urgent']);
    gates.get('b')!();
    gates.get('urgent')!();
    await tick();
    gates.get('c')!();
    assert.deepEqual(await Promise.all(all), ['a', 'b', 'c', 'urgent']);
  });

  it('drops a queued task when its signal aborts, and frees the slot when a task throws', async () => {
    const limiter = new RequestLimiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => { release = r; }));
    const controller = new AbortController();
    let ran = false;
    const queued = limiter.run(() => { ran = true; return Promise.resolve(); }, { signal: controller.signal });
    controller.abort();
    await assert.rejects(queued, (e: Error) => e.name === 'AbortError');
    release();
    await first;
    await assert.rejects(limiter.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limiter.run(() => Promise.resolve(42)), 42);
    assert.equal(ran, false);
    assert.throws(() => new RequestLimiter(0), RangeError);
  });

  it('maps a --arm-endpoint to a known cloud, or a custom one', () => {
    assert.equal(cloudForEndpoint('https://management.chinacloudapi.cn/').name, 'AzureChinaCloud');
    assert.equal(cloudForEndpoint('https://management.azure.com').portalUrl, 'https://portal.azure.com');
    assert.deepEqual(cloudForEndpoint('https://localhost:8443'), { name: 'Custom', resourceManagerEndpoint: 'https://localhost:8443', portalUrl: 'https://portal.azure.com',
      logAnalyticsEndpoint: 'https://localhost:8443' });
  });
});
