import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { startStaticServer } from './static-server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'cryptalk-static-'));
const code = Buffer.from("export const x = 'static';\n");
let server: Awaited<ReturnType<typeof startStaticServer>>;

before(async () => {
  for (const name of ['a.js', 'old.js']) {
    writeFileSync(join(dir, name), code);
    writeFileSync(join(dir, `${name}.gz`), gzipSync(code));
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(code));
  }
  // old.js was rebuilt after its copies were made: they are not sent
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'old.js.gz'), past, past);
  utimesSync(join(dir, 'old.js.br'), past, past);
  server = await startStaticServer({ '/': dir });
});
after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw GET (no automatic decompression). */
function get(path: string, accept?: string): Promise<{ encoding?: string; length: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { headers: accept ? { 'accept-encoding': accept } : {} },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            encoding: res.headers['content-encoding'],
            length: Number(res.headers['content-length']),
            body: Buffer.concat(parts),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test("the static server sends a script's precompressed copy the browser accepts, Brotli first, never a stale one", async () => {
  for (const [accept, expected] of [
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['identity', undefined],
    [undefined, undefined],
  ] as const) {
    const res = await get('/a.js', accept);
    assert.equal(res.encoding, expected, String(accept));
    assert.equal(res.length, res.body.length);
    if (expected === undefined) assert.deepEqual(res.body, code);
  }
  const stale = await get('/old.js', 'gzip, br');
  assert.equal(stale.encoding, undefined, 'copies older than the file are not sent');
  assert.deepEqual(stale.body, code);
});
