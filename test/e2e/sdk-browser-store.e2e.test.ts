/**
 * The SDK client in Chromium on its encrypted Dexie (IndexedDB) store, against a real relay, with a Node
 * client on the other side of the room: the raw IndexedDB holds no plaintext, a reload restores the identity,
 * the room and its history, a wrong passphrase is a typed `STORE_WRONG_PASSPHRASE` that harms nothing, and the
 * same client inside a dedicated Worker behaves the same. The page is test/e2e/fixtures/sdk-store-page.ts,
 * bundled with esbuild into a temporary folder.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { CrypTalkClient, type Room } from '@cryptalk/sdk';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { launchChromium } from '../helpers/browser.js';
import { ROOT } from '../helpers/processes.js';
import type { IndexedDbDump } from './fixtures/raw-indexeddb.js';
import type { Answer, CallName } from './fixtures/sdk-store-harness.js';

const PASSPHRASE = 'correct horse battery staple, in a browser';
const WAIT_MS = 20_000;

let relay: Relay;
let browser: Browser;
let dir: string;
let server: Server;
let pageUrl: string;
let bob: CrypTalkClient;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cryptalk-sdk-store-'));
  await build({
    entryPoints: {
      page: join(ROOT, 'test/e2e/fixtures/sdk-store-page.ts'),
      worker: join(ROOT, 'test/e2e/fixtures/sdk-store-worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source', 'browser'],
    outdir: dir,
    logLevel: 'error',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>store</title><script type="module" src="./page.js"></script>',
  );
  server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html';
    if (!/^[a-z]+\.(html|js)$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(dir, name));
      const type = extname(name) === '.html' ? 'text/html' : 'text/javascript';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  relay = await createRelay({
    port: 0,
    lookupsPerMinute: 10_000,
    connFramesPerSec: 10_000,
    connFramesBurst: 10_000,
  });
  bob = await CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName: 'Bob Nodeworth',
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await bob?.close();
  await relay?.close();
  await new Promise((ok) => server?.close(ok));
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Where = 'harness' | 'inWorker';

/** Runs a harness call on the page or in its Worker; throws what it threw (with its code) in the test. */
async function call<T>(page: Page, where: Where, name: CallName, ...args: unknown[]): Promise<T> {
  const answer = await callRaw<T>(page, where, name, ...args);
  if ('error' in answer) {
    throw new Error(
      `${where}.${name}: ${answer.error.name} ${answer.error.code ?? ''} ${answer.error.message}`,
    );
  }
  return answer.ok;
}

function callRaw<T>(page: Page, where: Where, name: CallName, ...args: unknown[]): Promise<Answer<T>> {
  return page.evaluate(
    ([w, n, a]) =>
      (globalThis as unknown as Record<string, (n: string, a: unknown[]) => Promise<Answer<T>>>)[
        w as string
      ]?.(n as string, a as unknown[]) as Promise<Answer<T>>,
    [where, name, args] as const,
  );
}

async function openPage(): Promise<Page> {
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  await page.goto(pageUrl);
  await page.waitForFunction(() => 'harness' in globalThis);
  return page;
}

/** Resolves once Bob's room shows a message with `text`. */
async function bobSees(room: Room, text: string): Promise<void> {
  const end = Date.now() + WAIT_MS;
  while (Date.now() < end) {
    const page = await room.history({ limit: 200 });
    if (page.messages.some((m) => m.text === text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Bob did not receive a message in ${WAIT_MS} ms`);
}

/** The group invite's joining secret, as in the link (base64url), and its bytes as hex and base64. */
function inviteSecretForms(invite: string): string[] {
  const fragment = invite.slice(invite.indexOf('#') + 1);
  const secret = fragment.split('.')[4] ?? '';
  assert.ok(secret.length >= 20, 'the invite carries a joining secret');
  const bytes = Buffer.from(secret, 'base64url');
  return [secret, bytes.toString('hex'), bytes.toString('base64').replace(/=+$/, '')];
}

/** Asserts that none of `needles` (nor their UTF-8 bytes in hex) is in the dump, and that the dump is real. */
function assertNoPlaintext(dump: IndexedDbDump, needles: string[]): void {
  assert.ok(
    (dump.counts.messages ?? 0) >= 2,
    `the store holds the messages (counts ${JSON.stringify(dump.counts)})`,
  );
  assert.ok((dump.counts.identity ?? 0) >= 1, 'the store holds the identity');
  assert.ok((dump.counts.rooms ?? 0) >= 1, 'the store holds the room');
  for (const needle of needles) {
    for (const form of [needle, Buffer.from(needle).toString('hex')]) {
      assert.ok(!dump.text.includes(form), `the raw IndexedDB holds no copy of "${needle.slice(0, 24)}…"`);
    }
  }
}

/**
 * The whole story for one place (the page or a Worker): create, chat, dump raw, close, reload, reopen,
 * chat again, wrong passphrase, right passphrase.
 */
async function story(where: Where, tag: string, t: { diagnostic(m: string): void }): Promise<void> {
  const db = `cryptalk-e2e-${tag}`;
  const me = `Alice ${tag} Pagewright`;
  const roomName = `Secret garden ${tag}`;
  const said = {
    first: `plaintext one from the browser ${tag} ${Date.now()}`,
    reply: `plaintext reply from node ${tag} ${Date.now()}`,
    whileAway: `sent while the browser was away ${tag} ${Date.now()}`,
    after: `after the reload from the browser ${tag} ${Date.now()}`,
    afterReply: `after the reload from node ${tag} ${Date.now()}`,
  };

  // (a) create, join, chat both ways
  let page = await openPage();
  const opened = await call<{ id: string; storeMs: number; clientMs: number }>(
    page,
    where,
    'open',
    relay.url,
    db,
    PASSPHRASE,
    me,
  );
  const { roomId, invite } = await call<{ roomId: string; invite: string }>(page, where, 'create', roomName);
  const bobRoom = await bob.joinByLink(invite);
  assert.equal(bobRoom.id, roomId);
  await call(page, where, 'send', roomId, said.first);
  await bobSees(bobRoom, said.first);
  await bobRoom.send(said.reply);
  await call(page, where, 'waitText', roomId, said.reply, WAIT_MS);
  const safety = await call<string>(page, where, 'safety', roomId, bob.id);
  assert.equal(safety, bobRoom.safetyNumber(opened.id).display, 'both sides compute the same safety number');
  await call(page, where, 'close');

  // (a) the raw IndexedDB: no plaintext, display name, room name or joining secret in any form
  const dump = await page.evaluate(
    (name) =>
      (globalThis as unknown as { dumpIndexedDb(n: string): Promise<IndexedDbDump> }).dumpIndexedDb(name),
    db,
  );
  assertNoPlaintext(dump, [
    said.first,
    said.reply,
    me,
    'Bob Nodeworth',
    roomName,
    ...inviteSecretForms(invite),
  ]);

  // Bob talks while the browser is away: the mailbox / resume delivers it after the reopen.
  await bobRoom.send(said.whileAway);

  // (b) reload: same passphrase, same identity, room, history; messages flow both ways
  await page.reload();
  await page.waitForFunction(() => 'harness' in globalThis);
  const again = await call<{ id: string; storeMs: number; clientMs: number }>(
    page,
    where,
    'open',
    relay.url,
    db,
    PASSPHRASE,
    me,
  );
  t.diagnostic(
    `${where}: reopen after reload: store ${again.storeMs.toFixed(0)} ms (scrypt N=2^17 included), client ${again.clientMs.toFixed(0)} ms`,
  );
  assert.equal(again.id, opened.id, 'the same member id after the reload');
  const rooms = await call<Array<{ id: string; name: string }>>(page, where, 'rooms');
  assert.deepEqual(rooms, [{ id: roomId, name: roomName }], 'the room is restored with its local name');
  assert.equal(await call<string>(page, where, 'safety', roomId, bob.id), safety, 'the same safety number');
  const history = await call<string[]>(page, where, 'texts', roomId);
  assert.ok(history.includes(said.first) && history.includes(said.reply), 'the history is restored');
  await call(page, where, 'waitText', roomId, said.whileAway, WAIT_MS);
  await call(page, where, 'send', roomId, said.after);
  await bobSees(bobRoom, said.after);
  await bobRoom.send(said.afterReply);
  await call(page, where, 'waitText', roomId, said.afterReply, WAIT_MS);
  const texts = await call<string[]>(page, where, 'texts', roomId);
  assert.equal(new Set(texts).size, texts.length, 'no message twice after the reload');
  await call(page, where, 'close');

  // (c) a wrong passphrase: a typed error, and the store is unharmed
  await page.reload();
  await page.waitForFunction(() => 'harness' in globalThis);
  const wrong = await callRaw(page, where, 'open', relay.url, db, `${PASSPHRASE}!`, me);
  assert.ok('error' in wrong, 'a wrong passphrase does not open the store');
  assert.equal(wrong.error.code, 'STORE_WRONG_PASSPHRASE');
  assert.equal(wrong.error.name, 'StoreError');
  const right = await call<{ id: string }>(page, where, 'open', relay.url, db, PASSPHRASE, me);
  assert.equal(right.id, opened.id, 'the right passphrase still opens the same identity');
  const kept = await call<string[]>(page, where, 'texts', roomId);
  for (const text of Object.values(said)) assert.ok(kept.includes(text), 'the whole history is still there');
  await call(page, where, 'close');
  await page.close();
  page = undefined as never;
  await bobRoom.leave().catch(() => undefined);
}

test('SDK client on the page: Dexie store without plaintext, survives a reload, typed wrong passphrase', async (t) => {
  await story('harness', 'page', t);
});

test('SDK client inside a dedicated Worker: the same', async (t) => {
  await story('inWorker', 'worker', t);
});

test('figure: reopening a sealed Dexie store with 2,000 messages (page); the raw dumper finds stored bytes', async (t) => {
  const page = await openPage();
  const f = await call<{ n: number; writeMs: number; openMs: number; firstPageMs: number; read: number }>(
    page,
    'harness',
    'reopenFigure',
    'cryptalk-e2e-figure',
    PASSPHRASE,
    2000,
  );
  assert.equal(f.read, 50, 'the first page of history reads back');
  // The dumper's own check: a plaintext stored as bytes in a plain database is found, as text and as hex.
  const control = await page.evaluate(async () => {
    await new Promise<void>((ok, fail) => {
      const req = indexedDB.open('cryptalk-e2e-control', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('rows');
      req.onsuccess = () => {
        const tx = req.result.transaction('rows', 'readwrite');
        tx.objectStore('rows').put({ body: new TextEncoder().encode('control marker 42').buffer }, 'k');
        tx.oncomplete = () => {
          req.result.close();
          ok();
        };
        tx.onerror = () => fail(tx.error);
      };
      req.onerror = () => fail(req.error);
    });
    return (globalThis as unknown as { dumpIndexedDb(n: string): Promise<IndexedDbDump> }).dumpIndexedDb(
      'cryptalk-e2e-control',
    );
  });
  assert.ok(control.text.includes('control marker 42'), 'the raw dump decodes bytes as text');
  assert.ok(control.text.includes(Buffer.from('control marker 42').toString('hex')), 'and as hex');
  t.diagnostic(
    `${f.n} messages: write ${f.writeMs.toFixed(0)} ms (${((f.n / f.writeMs) * 1000).toFixed(0)}/s); reopen ${f.openMs.toFixed(0)} ms (KDF included); reopen + first page of 50 ${f.firstPageMs.toFixed(0)} ms`,
  );
  await page.close();
});
