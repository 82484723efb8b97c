import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { precompress } from './precompress.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-precompress-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Some script-like text, repetitive enough that Zopfli beats zlib's level 9 on it. */
const script = (salt: string): Buffer =>
  Buffer.from(
    Array.from({ length: 400 }, (_, i) => `export const v${i} = '${salt}-${(i * 7919) % 1000}';\n`).join(''),
  );

test('precompress writes a Zopfli .gz smaller than zlib level 9 and a .br, both decoding to the file', async () => {
  const path = join(dir, 'a.js');
  const bytes = script('a');
  writeFileSync(path, bytes);
  const sizes = await precompress(path, bytes);
  const gz = readFileSync(`${path}.gz`);
  const br = readFileSync(`${path}.br`);
  assert.deepEqual(gunzipSync(gz), bytes);
  assert.deepEqual(brotliDecompressSync(br), bytes);
  assert.deepEqual(sizes, { gzip: gz.length, br: br.length });
  assert.ok(gz.length < gzipSync(bytes, { level: 9 }).length, 'Zopfli beats zlib level 9');
});

test('a rebuild keeps (and touches) copies of the same bytes, and replaces stale, corrupt or zlib-made ones', async () => {
  const path = join(dir, 'b.js');
  const bytes = script('b');
  writeFileSync(path, bytes);
  await precompress(path, bytes);
  const first = readFileSync(`${path}.gz`);
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${path}.gz`, old, old);
  await precompress(path, bytes);
  assert.deepEqual(readFileSync(`${path}.gz`), first, 'the same copy');
  assert.ok(
    statSync(`${path}.gz`).mtimeMs > old.getTime() + 1000,
    'touched, so it is not older than its file',
  );

  // the file changed: both copies are made again
  const next = script('c');
  writeFileSync(path, next);
  await precompress(path, next);
  assert.deepEqual(gunzipSync(readFileSync(`${path}.gz`)), next);
  assert.deepEqual(brotliDecompressSync(readFileSync(`${path}.br`)), next);

  // a gzip copy made by zlib (not Zopfli) and a corrupt Brotli copy are replaced
  writeFileSync(`${path}.gz`, gzipSync(next, { level: 9 }));
  writeFileSync(`${path}.br`, 'not brotli');
  await precompress(path, next);
  assert.ok(readFileSync(`${path}.gz`).length < gzipSync(next, { level: 9 }).length, 'Zopfli again');
  assert.deepEqual(brotliDecompressSync(readFileSync(`${path}.br`)), next);
});
