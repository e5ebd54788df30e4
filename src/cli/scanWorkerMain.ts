// dist/cli-scan-worker.js, the helper thread of `cosmos-guard scan` (scanHelper.ts): only what scanning files takes,
// so that it boots faster than the whole CLI would (no Azure, git or report code to load).
import { parentPort } from 'node:worker_threads';
import { runScanWorker, type ScanWorkerData } from './scanRunner';

parentPort!.once('message', (data: ScanWorkerData) => runScanWorker(data, (result) => parentPort!.postMessage(result)));
