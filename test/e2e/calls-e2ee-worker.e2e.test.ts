import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { rollup } from 'rollup';
import { CALLS_FILE, E2EE_WORKER_FILE, widgetScriptTagConfigs } from '../../widget/rollup.widget.mjs';
import { STRICT_CSP } from '../../widget/test-pages/server.mjs';
import { launchChromium } from '../helpers/browser.js';

/**
 * LiveKit's E2EE Worker as the script-tag build ships it: `cryptalk-e2ee-worker.js` beside the calls chunk,
 * started from the URL the chunk resolves, under the widget's strict CSP, speaking LiveKit's worker protocol
 * (init → initAck; setKey; encryptDataRequest/decryptDataRequest round trip).
 *
 * Builds the two files into a temporary folder (not the shared widget/dist) and serves it like the script-tag
 * folder, with the CSP header of test/e2e/widget-csp.e2e.test.ts.
 */

let dir: string;
let server: Server;
let origin: string;
let browser: Browser;

/** The page's script (no inline script under the CSP): starts the Worker both ways and runs the protocol. */
const PROBE = `
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));

async function exercise(worker) {
  const errors = [];
  worker.addEventListener('error', (e) => errors.push('error event: ' + (e.message || 'worker failed to start')));
  worker.addEventListener('messageerror', () => errors.push('messageerror'));
  const seen = [];
  const next = (kind) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ' + kind + ' within 20 s; saw ' + seen.join(','))), 20000);
      const onMessage = (ev) => {
        seen.push(ev.data && ev.data.kind);
        if (ev.data && ev.data.kind === 'error') errors.push('worker error: ' + String(ev.data.data && ev.data.data.error));
        if (!ev.data || ev.data.kind !== kind) return;
        clearTimeout(timer);
        worker.removeEventListener('message', onMessage);
        resolve(ev.data);
      };
      worker.addEventListener('message', onMessage);
    });
  const acked = next('initAck');
  worker.postMessage({
    kind: 'init',
    data: {
      keyProviderOptions: { sharedKey: true, ratchetSalt: 'cryptalk-e2e', ratchetWindowSize: 0, failureTolerance: -1, keyringSize: 16, keySize: 128 },
      loglevel: 'warn',
    },
  });
  const ack = await acked;
  const material = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), 'HKDF', false, ['deriveBits', 'deriveKey']);
  worker.postMessage({ kind: 'setKey', data: { isPublisher: true, key: material, keyIndex: 0, updateCurrentKeyIndex: true } });
  const plain = new TextEncoder().encode('hello through the e2ee worker');
  const encrypted = next('encryptDataResponse');
  worker.postMessage({ kind: 'encryptDataRequest', data: { uuid: 'enc-1', payload: plain, participantIdentity: 'ana' } });
  const enc = await encrypted;
  const decrypted = next('decryptDataResponse');
  worker.postMessage({
    kind: 'decryptDataRequest',
    data: { uuid: 'dec-1', payload: enc.data.payload, iv: enc.data.iv, participantIdentity: 'ana', keyIndex: enc.data.keyIndex },
  });
  const dec = await decrypted;
  worker.terminate();
  return {
    ack: ack.data,
    encUuid: enc.data.uuid,
    cipherDiffers: enc.data.payload.length > 0 && enc.data.payload.join() !== plain.join(),
    ivLength: enc.data.iv.length,
    decUuid: dec.data.uuid,
    roundTrip: new TextDecoder().decode(dec.data.payload),
    errors,
  };
}

window.probe = async () => {
  const chunk = await import('./${CALLS_FILE}');
  const url = chunk.e2eeWorkerUrl().href;
  const asModule = await exercise(chunk.createE2eeWorker());
  const asClassic = await exercise(new Worker(chunk.e2eeWorkerUrl()));
  return { url, asModule, asClassic, violations };
};
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cryptalk-e2ee-'));
  for (const config of widgetScriptTagConfigs()) {
    const output = Array.isArray(config.output) ? config.output[0] : config.output;
    const name = String(output?.file).split('/').at(-1) ?? '';
    if (name !== CALLS_FILE && name !== E2EE_WORKER_FILE) continue;
    const bundle = await rollup({ ...config, onwarn: () => {} });
    await bundle.write({ ...output, file: join(dir, name), sourcemap: false });
    await bundle.close();
  }
  writeFileSync(join(dir, 'probe.js'), PROBE);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>e2ee worker</title>' +
      '<script type="module" src="probe.js"></script></head><body></body></html>',
  );
  // Serves the folder like the script-tag folder, every response under the strict CSP.
  server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    const type = name.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { 'content-type': type, 'content-security-policy': STRICT_CSP }).end(body);
    } catch {
      res.writeHead(404, { 'content-security-policy': STRICT_CSP }).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the script-tag E2EE Worker starts beside the calls chunk under the strict CSP and speaks LiveKit’s protocol', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) pageErrors.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${origin}/index.html`);
  await page.waitForFunction(
    () => typeof (window as unknown as { probe?: unknown }).probe === 'function',
    null,
    {
      timeout: 30_000,
    },
  );
  const result = await page.evaluate(() => (window as unknown as { probe(): Promise<unknown> }).probe());
  const r = result as {
    url: string;
    violations: string[];
    asModule: Record<string, unknown> & { errors: string[] };
    asClassic: Record<string, unknown> & { errors: string[] };
  };
  assert.equal(r.url, `${origin}/${E2EE_WORKER_FILE}`, 'the Worker URL resolves beside the calls chunk');
  assert.deepEqual(r.violations, [], 'no CSP violation');
  for (const [how, run] of [
    ['module', r.asModule],
    ['classic', r.asClassic],
  ] as const) {
    assert.deepEqual(run.errors, [], `${how} Worker: no error event or error message`);
    assert.deepEqual(
      run.ack,
      { enabled: false },
      `${how} Worker: init is acknowledged (encryption not yet enabled)`,
    );
    assert.equal(run.encUuid, 'enc-1', `${how} Worker: encryptDataRequest answered`);
    assert.equal(run.cipherDiffers, true, `${how} Worker: the payload is encrypted`);
    assert.equal(run.ivLength, 12, `${how} Worker: AES-GCM IV of 12 bytes`);
    assert.equal(run.decUuid, 'dec-1', `${how} Worker: decryptDataRequest answered`);
    assert.equal(run.roundTrip, 'hello through the e2ee worker', `${how} Worker: decrypts what it encrypted`);
  }
  assert.deepEqual(pageErrors, []);
  await page.close();
});
