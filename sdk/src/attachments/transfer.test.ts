import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRelay, type Relay } from '@cryptalk/relay';
import { downloadAttachment, downloadAttachmentBytes } from './download.js';
import { AttachmentError } from './errors.js';
import { type AttachmentSource, bytesSource } from './source.js';
import type { AttachmentRef, TransferProgress } from './types.js';
import { type UploadState, uploadAttachment } from './upload.js';

let relay: Relay;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'cryptalk-attach-'));
  relay = await createRelay({ port: 0, dataDir, store: 'memory', uploadsPerMinute: 10_000 });
});
after(async () => {
  await relay?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A large file that is never in memory: byte p is block[p mod block length]. */
function patternSource(size: number): AttachmentSource {
  const block = randomBytes(1024 * 1024 + 7);
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(n);
      for (let i = 0; i < n; ) {
        const at = (offset + i) % block.length;
        const take = Math.min(n - i, block.length - at);
        out.set(block.subarray(at, at + take), i);
        i += take;
      }
      return out;
    },
  };
}

async function sha256Of(source: AttachmentSource): Promise<string> {
  const h = createHash('sha256');
  for (let o = 0; o < source.size; o += 4 * 1024 * 1024) h.update(await source.read(o, 4 * 1024 * 1024));
  return h.digest('hex');
}

function assertMonotonic(events: TransferProgress[], total: number, phase: string): void {
  assert.ok(events.length >= 2, `${phase}: progress events`);
  for (let i = 1; i < events.length; i++) {
    assert.ok(events[i]!.bytes >= events[i - 1]!.bytes, `${phase}: progress went back at event ${i}`);
  }
  assert.equal(events.at(-1)?.bytes, total);
  assert.ok(events.every((e) => e.total === total && e.phase === phase));
}

describe('attachments against a real relay (127.0.0.1)', () => {
  test('50 MB round trip, streamed, with monotonic progress', async () => {
    const size = 50 * 1024 * 1024;
    const source = patternSource(size);
    const up: TransferProgress[] = [];
    let peak = 0;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    };
    const base = process.memoryUsage().arrayBuffers;
    let t0 = performance.now();
    const ref = await uploadAttachment(source, {
      relay: relay.url,
      onProgress: (p) => {
        up.push(p);
        sample();
      },
    });
    const upSeconds = (performance.now() - t0) / 1000;
    assertMonotonic(up, size, 'upload');
    const down: TransferProgress[] = [];
    const h = createHash('sha256');
    let received = 0;
    t0 = performance.now();
    for await (const chunk of downloadAttachment(ref, {
      relay: relay.url,
      onProgress: (p) => down.push(p),
    })) {
      h.update(chunk);
      received += chunk.length;
      if (received % (8 * 1024 * 1024) === 0) sample();
    }
    const downSeconds = (performance.now() - t0) / 1000;
    assertMonotonic(down, size, 'download');
    assert.equal(received, size);
    assert.equal(h.digest('hex'), await sha256Of(source));
    const peakMiB = (peak - base) / 1024 / 1024;
    console.log(
      `attachments 50 MB: encrypt+upload ${(50 / upSeconds).toFixed(1)} MB/s, download+decrypt ${(50 / downSeconds).toFixed(1)} MB/s, peak extra ArrayBuffer memory ${peakMiB.toFixed(1)} MiB`,
    );
    assert.ok(peakMiB < 100, `never 2× the file in memory (peak ${peakMiB.toFixed(1)} MiB)`);
  });

  test('an interrupted upload resumes after the last acknowledged segment; a changed file is refused', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 123);
    const puts: string[] = [];
    const countingFetch: typeof fetch = (url, init) => {
      if (init?.method === 'PUT') puts.push(String(url));
      return fetch(url, init);
    };
    const opts = { relay: relay.url, fetch: countingFetch, chunkSize: 64 * 1024, segmentChunks: 4 };
    let saved: UploadState | undefined;
    const abort = new AbortController();
    await assert.rejects(
      uploadAttachment(bytesSource(data), {
        ...opts,
        signal: abort.signal,
        onState: (s) => {
          saved = s;
          if (s.uploaded === 5 && s.segmentIds.length === 6) abort.abort(); // while segment 6 is being sent
        },
      }),
      (e: unknown) => e instanceof AttachmentError && e.code === 'ATTACHMENT_ABORTED',
    );
    assert.ok(saved && saved.uploaded === 5 && saved.segmentIds.length === 6);
    const before = puts.length;
    // the same size but other bytes: refused before anything is sent (same key and nonces)
    const other = Uint8Array.from(data);
    other[5 * 256 * 1024 + 10] = other[5 * 256 * 1024 + 10]! ^ 1;
    await assert.rejects(uploadAttachment(bytesSource(other), { ...opts, resume: saved }), {
      code: 'ATTACHMENT_SOURCE_CHANGED',
    });
    assert.equal(puts.length, before, 'nothing sent for a changed file');
    const progress: TransferProgress[] = [];
    const ref = await uploadAttachment(bytesSource(data), {
      ...opts,
      resume: saved,
      onProgress: (p) => progress.push(p),
    });
    const segments = Math.ceil(data.length / (256 * 1024));
    assert.equal(
      puts.length - before,
      segments - 5 + 1,
      'only the missing segments and the manifest were sent',
    );
    assert.equal(progress[0]?.bytes, 5 * 256 * 1024, 'progress starts where the upload stopped');
    assertMonotonic(progress, data.length, 'upload');
    assert.deepEqual(await downloadAttachmentBytes(ref, { relay: relay.url }), new Uint8Array(data));
  });

  test('an interrupted download resumes from the next chunk', async () => {
    const data = randomBytes(1024 * 1024 + 5);
    const ref = await uploadAttachment(bytesSource(data), {
      relay: relay.url,
      chunkSize: 32 * 1024,
      segmentChunks: 8,
    });
    const got: Uint8Array[] = [];
    let state: Parameters<NonNullable<Parameters<typeof downloadAttachment>[1]['onState']>>[0] | undefined;
    const abort = new AbortController();
    await assert.rejects(
      (async () => {
        for await (const c of downloadAttachment(ref, {
          relay: relay.url,
          signal: abort.signal,
          onState: (s) => {
            state = s;
            if (s.nextChunk === 11) abort.abort();
          },
        })) {
          got.push(c);
        }
      })(),
      { code: 'ATTACHMENT_ABORTED' },
    );
    assert.equal(state?.nextChunk, 11);
    const requests: string[] = [];
    for await (const c of downloadAttachment(ref, {
      relay: relay.url,
      resume: state!,
      fetch: (url, init) => {
        requests.push(new Headers(init?.headers).get('range') ?? 'whole');
        return fetch(url, init);
      },
    })) {
      got.push(c);
    }
    assert.deepEqual(requests, ['whole', `bytes=${3 * (32 * 1024 + 16)}-`, 'whole', 'whole', 'whole']);
    assert.deepEqual(Buffer.concat(got), data);
  });

  test('a tampered chunk, a wrong key, a swapped manifest or a missing blob are typed errors', async () => {
    const data = randomBytes(300 * 1024);
    const states: UploadState[] = [];
    const ref = await uploadAttachment(bytesSource(data), {
      relay: relay.url,
      chunkSize: 64 * 1024,
      segmentChunks: 2,
      onState: (s) => void states.push(s),
    });
    const code = async (r: AttachmentRef) => {
      try {
        await downloadAttachmentBytes(r, { relay: relay.url });
        return 'ok';
      } catch (e) {
        assert.ok(e instanceof AttachmentError, `untyped: ${String(e)}`);
        return e.code;
      }
    };
    assert.equal(await code(ref), 'ok');
    assert.equal(await code({ ...ref, key: new Uint8Array(32) }), 'ATTACHMENT_DECRYPT_FAILED');
    assert.equal(await code({ ...ref, digest: new Uint8Array(32) }), 'ATTACHMENT_DIGEST_MISMATCH');
    assert.equal(await code({ ...ref, blobId: 'A'.repeat(43) }), 'ATTACHMENT_NOT_FOUND');
    assert.equal(await code({ ...ref, size: ref.size + 1 }), 'ATTACHMENT_MALFORMED');
    // flip one byte of the second segment on the relay's disk
    const file = join(dataDir, 'blobs', states.at(-1)!.segmentIds[1]!);
    const blob = await readFile(file);
    blob[1000] = blob[1000]! ^ 0x40;
    await writeFile(file, blob);
    assert.equal(await code(ref), 'ATTACHMENT_DECRYPT_FAILED');
    // a segment the relay lost (TTL) is uploaded again when the finished upload is resumed
    const final = states.at(-1)!;
    await rm(join(dataDir, 'blobs', final.segmentIds[0]!));
    assert.equal(await code(ref), 'ATTACHMENT_NOT_FOUND');
    const puts: string[] = [];
    const again = await uploadAttachment(bytesSource(data), {
      relay: relay.url,
      resume: final,
      fetch: (url, init) => {
        if (init?.method === 'PUT') puts.push(String(url));
        return fetch(url, init);
      },
    });
    assert.equal(puts.length, final.segmentIds.length + 1, 'from the lost segment on, then the manifest');
    assert.equal(again.blobId, ref.blobId);
    assert.equal(await code(ref), 'ok');
    // cut the last segment short: the final chunk is missing
    const last = join(dataDir, 'blobs', states.at(-1)!.segmentIds.at(-1)!);
    await writeFile(last, (await readFile(last)).subarray(0, 100));
    const err = await code(ref);
    assert.ok(err === 'ATTACHMENT_TRUNCATED' || err === 'ATTACHMENT_DECRYPT_FAILED', err);
  });

  test('HTTP 429 is retried with backoff, then reported as ATTACHMENT_RATE_LIMITED', async () => {
    let refusals = 2;
    const flaky: typeof fetch = async (url, init) => {
      if (init?.method === 'PUT' && refusals-- > 0) return new Response(null, { status: 429 });
      return fetch(url, init);
    };
    const data = randomBytes(1000);
    const ref = await uploadAttachment(bytesSource(data), { relay: relay.url, fetch: flaky, retryBaseMs: 1 });
    assert.deepEqual(await downloadAttachmentBytes(ref, { relay: relay.url }), new Uint8Array(data));
    const always: typeof fetch = async () => new Response(null, { status: 429 });
    await assert.rejects(
      uploadAttachment(bytesSource(data), {
        relay: relay.url,
        fetch: always,
        retryBaseMs: 1,
        maxAttempts: 3,
      }),
      {
        code: 'ATTACHMENT_RATE_LIMITED',
      },
    );
    const down: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await assert.rejects(
      uploadAttachment(bytesSource(data), { relay: relay.url, fetch: down, retryBaseMs: 1, maxAttempts: 2 }),
      {
        code: 'ATTACHMENT_NETWORK',
      },
    );
  });
});
