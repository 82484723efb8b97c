import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PREVIEW_MAX_DESCRIPTION_CHARS, PREVIEW_MAX_TITLE_CHARS } from './limits.js';
import { makeLinkPreview } from './link-preview.js';

test('extracts og:title, og:description and a resolved og:image', () => {
  const html = `<!doctype html><html><head><title>Fallback</title>
    <meta property="og:title" content="Caf&eacute; &amp; Bar &#x1F600;">
    <meta content='Best &quot;coffee&quot;
       in town' property='og:description'>
    <meta property=og:image content=/img/a.png>
    </head><body><meta property="og:title" content="ignored after body"></body></html>`;
  assert.deepEqual(makeLinkPreview(html, 'https://example.com/menu?x=1'), {
    url: 'https://example.com/menu?x=1',
    title: 'Caf&eacute; & Bar 😀',
    description: 'Best "coffee" in town',
    imageUrl: 'https://example.com/img/a.png',
  });
});

test('falls back to <title> and name=description; refuses non-http URLs and images', () => {
  const html =
    '<head><TITLE> Hello   world </TITLE><meta name="description" content="d"><meta property="og:image" content="javascript:alert(1)"></head>';
  assert.deepEqual(makeLinkPreview(html, 'http://a.test/'), {
    url: 'http://a.test/',
    title: 'Hello world',
    description: 'd',
  });
  assert.equal(makeLinkPreview(html, 'javascript:alert(1)'), undefined);
  assert.equal(makeLinkPreview(html, 'not a url'), undefined);
  assert.equal(makeLinkPreview('<p>nothing</p>', 'https://a.test/'), undefined);
});

test('caps fields and survives hostile input quickly', () => {
  const long = `<meta property="og:title" content="${'x'.repeat(3000)}"><meta property="og:description" content="${'é'.repeat(3000)}">`;
  const p = makeLinkPreview(long, 'https://a.test/');
  assert.ok(
    p &&
      p.title.length <= PREVIEW_MAX_TITLE_CHARS + 1 &&
      p.description.length <= PREVIEW_MAX_DESCRIPTION_CHARS + 1,
  );
  const t0 = performance.now();
  makeLinkPreview(`${'<title'.repeat(200_000)}`, 'https://a.test/');
  makeLinkPreview(`<meta ${'a='.repeat(100_000)}>`, 'https://a.test/');
  makeLinkPreview('<'.repeat(1_000_000), 'https://a.test/');
  assert.ok(performance.now() - t0 < 3000, 'hostile HTML must parse in linear time');
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.webUrl(), (html, url) => {
      const r = makeLinkPreview(html, url);
      if (r) assert.ok(r.title.length <= PREVIEW_MAX_TITLE_CHARS + 1);
    }),
    { numRuns: 500 },
  );
});
