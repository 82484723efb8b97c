import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientOpener, useTestRelay } from '../../test/helpers/test-relay.js';
import type { Room } from './index.js';
import { nextEvent as next, until } from './testing/wait.js';

const relay = useTestRelay();

const PAGE =
  '<html><head><title>ignored</title><meta property="og:title" content="Example &amp; Co">' +
  '<meta property="og:description" content="What the page is about"></head><body>secret body</body></html>';

const open = clientOpener(relay);

describe('link previews made by the sender', () => {
  test('the sender fetches through its own fetcher; the receiver gets message.preview and a preview event', async () => {
    const asked: string[] = [];
    const a = await open('Ada', {
      linkPreviews: {
        fetch: async (url) => {
          asked.push(url);
          return PAGE;
        },
      },
    });
    const b = await open('Bob');
    try {
      const roomA = await a.createRoom();
      const roomB: Room = await b.joinByLink(await roomA.invite());
      await until(() => roomB.ready && roomA.members().length === 2, 'the join');

      const text = 'look at https://example.com/page, and http://plain.example/';
      const arrived = next(b, 'message', (m) => m.text === text, 'the message');
      const previewed = next(b, 'preview', () => true, 'the preview');
      const sent = await roomA.send(text);
      const m = await arrived;
      const p = await previewed;
      assert.equal(p.msgId, sent.msgId);
      assert.equal(p.msgId, m.msgId);
      assert.equal(p.author.id, a.id);
      assert.deepEqual(p.preview, {
        url: 'https://example.com/page',
        title: 'Example & Co',
        description: 'What the page is about',
      });
      assert.deepEqual(p.message.preview, p.preview);
      assert.deepEqual(roomB.message(sent.msgId)?.preview, p.preview);
      assert.deepEqual(asked, ['https://example.com/page'], 'only the first https link, fetched once');
      // The sender's own view carries it too, and the preview is not a message of its own in the history.
      await until(() => roomA.message(sent.msgId)?.preview !== undefined, "the sender's view");
      const page = await roomB.history({ limit: 10 });
      assert.deepEqual(page.messages.find((x) => x.msgId === sent.msgId)?.preview, p.preview);

      // A link to a private address is never fetched; the message goes without a preview.
      const privateText = 'router at https://192.168.1.1/admin';
      const plain = next(b, 'message', (x) => x.text === privateText, 'the private-link message');
      await roomA.send(privateText);
      assert.equal((await plain).preview, undefined);
      assert.deepEqual(asked, ['https://example.com/page']);

      // `preview: false` turns it off for one message.
      const off = next(b, 'message', (x) => x.text === 'again https://example.com/other', 'the message');
      await roomA.send('again https://example.com/other', { preview: false });
      await off;
      assert.deepEqual(asked, ['https://example.com/page']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('with fetchImage, the image travels as an encrypted attachment the receiver downloads', async () => {
    const image = new Uint8Array(40_000).map((_, i) => (i * 7) % 251);
    const pageWithImage = PAGE.replace(
      '</head>',
      '<meta property="og:image" content="https://img.example.com/thumb.png"></head>',
    );
    const imagesAsked: string[] = [];
    const a = await open('Ada', {
      linkPreviews: {
        fetch: async () => pageWithImage,
        fetchImage: async (url, { maxBytes }) => {
          imagesAsked.push(url);
          assert.ok(maxBytes >= image.length);
          return { bytes: image, mime: 'image/png' };
        },
      },
    });
    const b = await open('Bob');
    try {
      const roomA = await a.createRoom();
      const roomB: Room = await b.joinByLink(await roomA.invite());
      await until(() => roomB.ready && roomA.members().length === 2, 'the join');
      const previewed = next(b, 'preview', () => true, 'the preview');
      await roomA.send('see https://example.com/with-image');
      const p = await previewed;
      assert.deepEqual(imagesAsked, ['https://img.example.com/thumb.png']);
      const ref = p.preview.image;
      assert.ok(ref, 'the preview carries its image');
      assert.equal(ref.mime, 'image/png');
      assert.equal(ref.size, image.length);
      const got = await b.downloadAttachment(ref);
      assert.deepEqual(got, image, 'the receiver decrypts the same image');
      assert.equal(p.preview.imageHash?.length, 32);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('a draft made by the app goes with send; a client without a fetcher sends none', async () => {
    const a = await open('Ada');
    const b = await open('Bob');
    try {
      const roomA = await a.createDirectRoom();
      const roomB = await b.joinByLink(await roomA.invite());
      await until(() => roomA.ready && roomB.ready, '1:1 ready');
      const draft = { url: 'https://example.org/', title: 'Org', description: 'An org' };
      const previewed = next(b, 'preview', () => true, 'the preview');
      const sent = await roomA.send('see https://example.org/', { preview: draft });
      assert.deepEqual(sent.preview, draft, 'send resolves with the preview applied');
      const p = await previewed;
      assert.equal(p.msgId, sent.msgId);
      assert.deepEqual(p.preview, draft);

      let previews = 0;
      const offPreview = b.on('preview', () => previews++);
      const got = next(b, 'message', (m) => m.text === 'no fetcher https://example.net/', 'the message');
      await roomA.send('no fetcher https://example.net/');
      await got;
      // a marker message after it: once it arrived, a preview would have arrived before it
      const marker = next(b, 'message', (m) => m.text === 'marker', 'the marker');
      await roomA.send('marker');
      await marker;
      offPreview();
      assert.equal(previews, 0);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
