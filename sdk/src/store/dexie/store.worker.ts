/**
 * Test worker: runs the shared store suite on the Dexie engine inside a dedicated Worker, and writes or reads
 * a store on request, so the browser test can check the worker and the page see the same sealed data. `open`
 * opens an engine in this fresh Worker and answers which of Dexie's modules it fetched (each Worker has a
 * module map of its own).
 */

import { StoreError } from '../errors.js';
import { testPassphrase } from '../store.behavior.js';
import { DexieEngine } from './dexie-engine.js';
import { openDexieStore } from './dexie-store.js';
import type { SuiteResult } from './suite-runner.js';
import { runStoreSuite } from './suite-runner.js';

type Request =
  | { cmd: 'suite' }
  | { cmd: 'open'; name: string }
  | { cmd: 'write'; name: string; passphrase: string; text: string }
  | { cmd: 'read'; name: string; passphrase: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = async (e) => {
  const req = e.data;
  try {
    if (req.cmd === 'suite') {
      const results: SuiteResult[] = await runStoreSuite({ engine: (name) => DexieEngine.open(name) });
      scope.postMessage({ ok: true, results });
      return;
    }
    if (req.cmd === 'open') {
      await (await DexieEngine.open(req.name)).close();
      const fetched = performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((path) => /dexie/i.test(path) && !/dexie-engine|dexie-store/.test(path));
      scope.postMessage({ ok: true, fetched });
      return;
    }
    const store = await openDexieStore({
      name: req.name,
      ...testPassphrase(req.passphrase),
      sweepIntervalMs: 0,
    });
    try {
      if (req.cmd === 'write') {
        await store.messages.put({
          roomId: 'w',
          msgId: 'w1',
          offset: 1,
          sender: 's',
          text: req.text,
          sentAt: 1,
        });
        scope.postMessage({ ok: true });
      } else {
        scope.postMessage({ ok: true, text: (await store.messages.get('w1'))?.text });
      }
    } finally {
      await store.close();
    }
  } catch (err) {
    scope.postMessage({ ok: false, code: err instanceof StoreError ? err.code : String(err) });
  }
};
