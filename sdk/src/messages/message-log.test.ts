import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { toBase64url } from '../protocol/index.js';
import { type IncomingMessage, MessageLog } from './message-log.js';
import type { MessageContent } from './types.js';

const SENDERS = ['ann', 'bob', 'cy'];
const idOf = (n: number) =>
  toBase64url(Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? n & 0xff : i === 14 ? n >> 8 : 7)));

function msg(
  n: number,
  sender: string,
  sentAt: number,
  content: MessageContent,
  offset?: number,
): IncomingMessage {
  return {
    msgId: idOf(n),
    sender,
    receivedAt: 1_000_000,
    ...(offset === undefined ? {} : { offset }),
    message: { sentAt, expireAfter: 0, content },
  };
}

/** A random room history: some originals and operations on them, from several senders. */
const historyArb = fc
  .record({
    bases: fc.array(
      fc.record({
        sender: fc.constantFrom(...SENDERS),
        sentAt: fc.nat(20),
        text: fc.string({ maxLength: 5 }),
      }),
      {
        minLength: 1,
        maxLength: 5,
      },
    ),
    ops: fc.array(
      fc.record({
        kind: fc.constantFrom('edit', 'delete', 'reaction', 'link-preview'),
        target: fc.nat(4),
        sender: fc.constantFrom(...SENDERS),
        sentAt: fc.nat(20),
        text: fc.string({ maxLength: 5 }),
        emoji: fc.constantFrom('👍', '❤️'),
        add: fc.boolean(),
      }),
      { maxLength: 25 },
    ),
  })
  .map(({ bases, ops }) => {
    const out: IncomingMessage[] = bases.map((b, i) =>
      msg(i, b.sender, b.sentAt, { kind: 'text', text: b.text, mentions: [] }, i),
    );
    ops.forEach((o, j) => {
      const target = idOf(o.target % bases.length);
      const n = 100 + j;
      let content: MessageContent;
      if (o.kind === 'edit') content = { kind: 'edit', target, text: o.text, mentions: [] };
      else if (o.kind === 'delete') content = { kind: 'delete', target };
      else if (o.kind === 'reaction') content = { kind: 'reaction', target, emoji: o.emoji, add: o.add };
      else content = { kind: 'link-preview', target, url: 'https://a.test/', title: o.text, description: '' };
      out.push(msg(n, o.sender, o.sentAt, content, 100 + j));
    });
    return out;
  });

function permutation(items: readonly IncomingMessage[]): fc.Arbitrary<IncomingMessage[]> {
  return fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), {
      minLength: items.length * 2,
      maxLength: items.length * 2,
    })
    .map((keys) => {
      // every message once, some twice (duplicates must not matter), in a random order
      const doubled = items.flatMap((m, i) => (keys[i + items.length]! < 0.3 ? [m, m] : [m]));
      return doubled
        .map((m, i) => ({ m, k: keys[i % keys.length]! + i * 1e-9 }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.m);
    });
}

function run(messages: readonly IncomingMessage[]): MessageLog {
  const log = new MessageLog();
  for (const m of messages) log.apply(m);
  return log;
}

describe('MessageLog', () => {
  test('the result depends only on the set of messages, not their order of arrival or duplicates (property)', () => {
    fc.assert(
      fc.property(
        historyArb.chain((h) => fc.tuple(fc.constant(h), permutation(h))),
        ([history, shuffled]) => {
          assert.deepEqual(run(shuffled).list(), run(history).list());
        },
      ),
      { numRuns: 800 },
    );
  });

  test('deletes by the original sender win over everything; others cannot delete or edit (property)', () => {
    fc.assert(
      fc.property(historyArb, (history) => {
        const views = new Map(
          run(history)
            .list()
            .map((v) => [v.msgId, v]),
        );
        for (const base of history.filter((m) => m.message.content.kind === 'text')) {
          const v = views.get(base.msgId)!;
          const ops = history.filter(
            (m) => 'target' in m.message.content && m.message.content.target === base.msgId,
          );
          const deleted = ops.some((m) => m.message.content.kind === 'delete' && m.sender === base.sender);
          assert.equal(v.deleted, deleted);
          if (deleted) {
            assert.equal(v.text, '');
            assert.deepEqual(v.reactions, []);
            assert.equal(v.preview, undefined);
            continue;
          }
          const edits = ops
            .filter((m) => m.message.content.kind === 'edit' && m.sender === base.sender)
            .sort((a, b) => a.message.sentAt - b.message.sentAt || (a.msgId < b.msgId ? -1 : 1));
          const last = edits.at(-1)?.message.content;
          assert.equal(
            v.text,
            last?.kind === 'edit' ? last.text : (base.message.content as { text: string }).text,
          );
          assert.equal(v.edited, edits.length > 0);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('reactions are idempotent: the same add twice lists the member once; remove then add is last-writer-wins', () => {
    const log = new MessageLog();
    const base = msg(1, 'ann', 10, { kind: 'text', text: 'hi', mentions: [] }, 0);
    log.apply(base);
    const r = (n: number, sentAt: number, add: boolean) =>
      msg(n, 'bob', sentAt, { kind: 'reaction', target: base.msgId, emoji: '👍', add });
    assert.equal(log.apply(r(2, 11, true)).type, 'updated');
    assert.equal(log.apply(r(2, 11, true)).type, 'duplicate');
    log.apply(r(3, 12, true));
    assert.deepEqual(log.get(base.msgId)?.reactions, [{ emoji: '👍', members: ['bob'] }]);
    log.apply(r(5, 14, false));
    log.apply(r(4, 13, true)); // older than the removal: ignored
    assert.deepEqual(log.get(base.msgId)?.reactions, []);
  });

  test('remove takes a message out with its operations, as if never sent; its id stays known', () => {
    const log = new MessageLog();
    const kept = msg(1, 'ann', 10, { kind: 'text', text: 'kept', mentions: [] }, 0);
    const gone = msg(2, 'ann', 11, { kind: 'text', text: 'gone', mentions: [] });
    log.apply(kept);
    log.apply(gone);
    log.apply(msg(3, 'ann', 12, { kind: 'edit', target: gone.msgId, text: 'gone!', mentions: [] }));
    log.apply(msg(4, 'ann', 13, { kind: 'reaction', target: gone.msgId, emoji: '👍', add: true }));
    assert.equal(log.list().length, 2);
    assert.equal(log.remove(gone.msgId), true);
    assert.equal(log.get(gone.msgId), undefined);
    assert.deepEqual(
      log.list().map((v) => v.text),
      ['kept'],
    );
    assert.ok(log.has(gone.msgId), 'a later delivery of it is a duplicate');
    assert.equal(log.apply(gone).type, 'duplicate');
    assert.equal(log.remove(gone.msgId), false, 'removed once');
    assert.equal(log.get(kept.msgId)?.text, 'kept');
  });

  test('an edit that arrives before its original is applied when the original arrives', () => {
    const log = new MessageLog();
    const base = msg(1, 'ann', 10, { kind: 'reply', target: idOf(9), text: 'teh', mentions: [] });
    const edit = msg(2, 'ann', 11, { kind: 'edit', target: base.msgId, text: 'the', mentions: [] });
    assert.deepEqual(log.apply(edit), { type: 'pending', msgId: edit.msgId, target: base.msgId });
    assert.equal(log.apply(base).type, 'added');
    const v = log.get(base.msgId)!;
    assert.equal(v.text, 'the');
    assert.equal(v.replyTo, idOf(9));
    assert.ok(v.edited);
    // the relay's ack later brings the offset of an own message
    assert.equal(log.apply({ ...base, offset: 42 }).type, 'updated');
    assert.equal(log.get(base.msgId)?.offset, 42);
  });

  test('receipts, profiles and the timer are last-writer-wins; typing is never remembered', () => {
    const log = new MessageLog();
    log.apply(msg(1, 'bob', 20, { kind: 'receipt', upTo: idOf(5) }));
    log.apply(msg(2, 'bob', 10, { kind: 'receipt', upTo: idOf(3) }));
    assert.deepEqual(log.receipts(), new Map([['bob', idOf(5)]]));
    log.apply(msg(3, 'ann', 5, { kind: 'timer', seconds: 60 }));
    log.apply(msg(4, 'bob', 4, { kind: 'timer', seconds: 0 }));
    assert.equal(log.timer, 60);
    log.apply(msg(5, 'ann', 1, { kind: 'profile', displayName: 'Ann' }));
    assert.equal(log.profile('ann')?.displayName, 'Ann');
    const typing = msg(6, 'ann', 1, { kind: 'typing', active: true });
    assert.equal(log.apply(typing).type, 'typing');
    assert.equal(log.apply(typing).type, 'typing');
    assert.deepEqual(log.list(), []);
  });

  test('disappearing: expiry from the timer each message carries; purge removes it and its operations', () => {
    const log = new MessageLog();
    const m = (n: number, sentAt: number, expireAfter: number): IncomingMessage => ({
      msgId: idOf(n),
      sender: 'ann',
      receivedAt: sentAt,
      message: { sentAt, expireAfter, content: { kind: 'text', text: `m${n}`, mentions: [] } },
    });
    log.apply(m(1, 1000, 10));
    log.apply(m(2, 1000, 0));
    log.apply(m(3, 2000, 5));
    log.apply(msg(4, 'bob', 1500, { kind: 'reaction', target: idOf(1), emoji: '👍', add: true }));
    assert.equal(log.nextExpiry(), 7000);
    assert.deepEqual(log.purge(6999), []);
    assert.deepEqual(log.purge(7000), [idOf(3)]);
    assert.deepEqual(log.purge(11_000), [idOf(1)]);
    assert.deepEqual(
      log.list().map((v) => v.text),
      ['m2'],
    );
    assert.equal(log.apply(m(1, 1000, 10)).type, 'duplicate', 'a purged message does not come back');
    assert.equal(log.apply(m(9, 0, 1), 5000).type, 'expired', 'arrives already expired');
  });

  test('memory stays bounded', () => {
    const log = new MessageLog({ maxMessages: 10, maxOrphans: 5 });
    for (let i = 0; i < 50; i++) log.apply(msg(i, 'ann', i, { kind: 'text', text: 'x', mentions: [] }, i));
    for (let i = 0; i < 50; i++)
      log.apply(msg(1000 + i, 'bob', i, { kind: 'delete', target: idOf(5000 + i) }));
    assert.equal(log.list().length, 10);
    assert.equal(log.list()[0]?.offset, 40);
  });
});
