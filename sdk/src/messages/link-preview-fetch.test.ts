import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MSG_MAX_DESCRIPTION_BYTES, MSG_MAX_TITLE_BYTES, PREVIEW_MAX_HTML_CHARS } from './limits.js';
import { previewContent } from './link-preview-content.js';
import { fetchLinkPreview, firstLink, isPreviewableUrl } from './link-preview-fetch.js';
import { encodeMessage } from './message-codec.js';

const PAGE = '<html><head><title>Example</title><meta name="description" content="A page"></head></html>';

describe('isPreviewableUrl', () => {
  test('accepts public https URLs only', () => {
    for (const ok of [
      'https://example.com/',
      'https://news.example.org/a?b=c#d',
      'https://[2001:4860::1]/',
    ]) {
      assert.equal(isPreviewableUrl(ok), true, ok);
    }
  });

  test('refuses other schemes, credentials, ports, local names and non-public IP literals', () => {
    for (const bad of [
      'http://example.com/',
      'ftp://example.com/',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'https://example.com:8443/',
      'https://localhost/',
      'https://printer.local/',
      'https://db.internal/',
      'https://intranet/',
      'https://127.0.0.1/',
      'https://0x7f.1/',
      'https://10.1.2.3/',
      'https://172.20.0.1/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[::1]/',
      'https://[fe80::1]/',
      'https://[fd00::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:10.0.0.1]/',
      'not a url',
    ]) {
      assert.equal(isPreviewableUrl(bad), false, bad);
    }
  });
});

describe('firstLink', () => {
  test('finds the first https link without trailing punctuation', () => {
    assert.equal(firstLink('see https://example.com/a. and https://b.example/'), 'https://example.com/a');
    assert.equal(firstLink('(https://example.com/x)'), 'https://example.com/x');
    assert.equal(firstLink('no link here'), undefined);
    assert.equal(firstLink('only http://example.com/'), undefined);
    assert.equal(firstLink('a private one https://192.168.0.1/admin'), undefined);
  });
});

describe('fetchLinkPreview', () => {
  test('parses what the fetcher returns, capped at the HTML limit, with an abort signal', async () => {
    const asked: { url: string; maxChars: number; signal: AbortSignal }[] = [];
    const draft = await fetchLinkPreview('https://example.com/', {
      fetch: async (url, init) => {
        asked.push({ url, ...init });
        return PAGE;
      },
    });
    assert.deepEqual(draft, { url: 'https://example.com/', title: 'Example', description: 'A page' });
    assert.equal(asked.length, 1);
    assert.equal(asked[0]?.maxChars, PREVIEW_MAX_HTML_CHARS);
    assert.equal(asked[0]?.signal.aborted, false);
  });

  test('never asks the fetcher for a refused URL', async () => {
    let calls = 0;
    const fetcher = {
      fetch: async () => {
        calls++;
        return PAGE;
      },
    };
    assert.equal(await fetchLinkPreview('https://127.0.0.1/', fetcher), undefined);
    assert.equal(await fetchLinkPreview('http://example.com/', fetcher), undefined);
    assert.equal(calls, 0);
  });

  test('a slow fetch is aborted at the timeout and gives no preview', async () => {
    let signal: AbortSignal | undefined;
    const t = performance.now();
    const draft = await fetchLinkPreview('https://example.com/', {
      timeoutMs: 30,
      fetch: (_url, init) => {
        signal = init.signal;
        return new Promise<string>(() => {});
      },
    });
    assert.equal(draft, undefined);
    assert.equal(signal?.aborted, true);
    assert.ok(performance.now() - t < 2000, 'returned soon after the timeout');
  });

  test('a failing fetcher gives no preview and never throws', async () => {
    const draft = await fetchLinkPreview('https://example.com/', {
      fetch: () => Promise.reject(new Error('offline')),
    });
    assert.equal(draft, undefined);
    const sync = await fetchLinkPreview('https://example.com/', {
      fetch: () => {
        throw new Error('sync failure');
      },
    });
    assert.equal(sync, undefined);
  });
});

describe('previewContent', () => {
  test('cuts title and description to the codec byte limits so the message always encodes', () => {
    const c = previewContent('AAAAAAAAAAAAAAAAAAAAAA', {
      url: 'https://example.com/',
      title: '😀'.repeat(200),
      description: '語'.repeat(1000),
    });
    assert.ok(new TextEncoder().encode(c.title).length <= MSG_MAX_TITLE_BYTES);
    assert.ok(new TextEncoder().encode(c.description).length <= MSG_MAX_DESCRIPTION_BYTES);
    assert.ok(c.title.endsWith('…'));
    assert.ok(!c.title.includes('\uFFFD'));
    assert.ok(encodeMessage({ sentAt: 1, expireAfter: 0, content: c }).length > 0);
  });
});
