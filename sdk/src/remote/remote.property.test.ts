import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Channel } from './channel.js';
import { ECHO_SCHEMA, EchoTarget } from './echo-target.js';
import { RemoteError } from './errors.js';
import {
  callMessage,
  decodeRemoteMessage,
  errMessage,
  eventMessage,
  okMessage,
  type RemoteMessage,
} from './messages.js';
import { serveRemote } from './serve-remote.js';

/** A channel whose incoming side the test drives and whose outgoing side it records. */
function scriptedChannel() {
  let listener: ((data: unknown) => void) | undefined;
  const sent: unknown[] = [];
  const channel: Channel = {
    rejected: 0,
    send: (m) => {
      sent.push(m);
    },
    onMessage: (l) => {
      listener = l;
      return () => {
        listener = undefined;
      };
    },
    close: () => {},
  };
  return { channel, sent, deliver: (data: unknown) => listener?.(data) };
}

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.:-]{0,20}$/);
const plain: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.string(),
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('value'),
      {
        maxKeys: 4,
        noNullPrototype: true,
      },
    ),
  ),
})).value;
const id = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const validMessage: fc.Arbitrary<RemoteMessage> = fc.oneof(
  fc.tuple(id, name, fc.array(plain, { maxLength: 4 })).map(([i, n, a]) => callMessage(i, n, a as never)),
  fc.tuple(id, plain).map(([i, v]) => okMessage(i, v as never)),
  fc
    .tuple(id, fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/), name, fc.string({ maxLength: 100 }))
    .map(([i, code, n, message]) => errMessage(i, { code, name: n, message })),
  fc.tuple(name, plain).map(([n, p]) => eventMessage(n, p as never)),
);
/** Valid messages with one field replaced, added or removed: the junk closest to valid. */
const mutated = fc
  .tuple(validMessage, fc.string({ maxLength: 8 }), fc.anything(), fc.boolean())
  .map(([m, key, value, remove]) => {
    const copy: Record<string, unknown> = { ...m };
    const keys = Object.keys(copy);
    const k = keys.includes(key) || !remove ? key : (keys[key.length % keys.length] as string);
    if (remove) delete copy[k];
    else copy[k] = value;
    return copy;
  });
const junk = fc.oneof(
  fc.anything({
    withObjectString: true,
    withNullPrototype: true,
    withTypedArray: true,
    withMap: true,
    withSet: true,
    withDate: true,
    withBigInt: true,
    withSparseArray: true,
  }),
  mutated,
);

test('the validator throws only REMOTE_MALFORMED, and accepts exactly what it returns', () => {
  fc.assert(
    fc.property(junk, (data) => {
      try {
        const m = decodeRemoteMessage(data);
        assert.equal(m, data);
      } catch (e) {
        assert.ok(e instanceof RemoteError, `threw ${String(e)}`);
        assert.equal(e.code, 'REMOTE_MALFORMED');
      }
    }),
    { numRuns: 3000 },
  );
});

test('every valid message decodes to itself', () => {
  fc.assert(
    fc.property(validMessage, (m) => {
      assert.deepEqual(decodeRemoteMessage(structuredClone(m)), m);
    }),
    { numRuns: 1000 },
  );
});

test('random junk never invokes a command and never throws out of the host', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 20 }), async (inputs) => {
      const target = new EchoTarget();
      const { channel, sent, deliver } = scriptedChannel();
      const host = serveRemote(target, channel, ECHO_SCHEMA);
      for (const data of inputs) deliver(data);
      await new Promise((r) => setImmediate(r));
      // Junk may be a valid call by chance (fast-check's mutation can produce one): then it must name a schema
      // command with valid arguments. Otherwise nothing ran.
      const valid = inputs.filter((d) => {
        try {
          const m = decodeRemoteMessage(d);
          return m.k === 'call' && Object.hasOwn(ECHO_SCHEMA.commands, m.cmd);
        } catch {
          return false;
        }
      });
      assert.ok(target.invoked <= valid.length, `invoked ${target.invoked}, valid calls ${valid.length}`);
      for (const reply of sent) decodeRemoteMessage(reply); // everything the host sends is itself valid
      host.close();
    }),
    { numRuns: 300 },
  );
});

test('valid calls to unknown commands or with bad arguments are answered with typed errors', async () => {
  await fc.assert(
    fc.asyncProperty(id, name, fc.array(plain, { maxLength: 3 }), async (i, cmd, args) => {
      const target = new EchoTarget();
      const { channel, sent, deliver } = scriptedChannel();
      serveRemote(target, channel, ECHO_SCHEMA);
      deliver(callMessage(i, cmd, args as never));
      await new Promise((r) => setImmediate(r));
      const known = Object.hasOwn(ECHO_SCHEMA.commands, cmd);
      if (!known) {
        assert.equal(target.invoked, 0);
        assert.equal((sent[0] as { error: { code: string } }).error.code, 'REMOTE_UNKNOWN_COMMAND');
      }
    }),
    { numRuns: 300 },
  );
});
