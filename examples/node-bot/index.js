#!/usr/bin/env node
// A headless CrypTalk bot: joins a room from an invite link and answers every text message with a reply.
// Uses only the SDK's public API. Usage: node index.js <invite-link>
//
// Environment:
//   CRYPTALK_RELAY       the relay's WebSocket URL (default: derived from the invite link, http→ws)
//   BOT_NAME             display name sent (encrypted) to the room (default "Echo bot")
//   BOT_DATA_DIR         keep the bot's identity, sessions and history here, encrypted (default: in memory)
//   BOT_PASSPHRASE       the passphrase of BOT_DATA_DIR (required with it)
import { CrypTalkClient } from '@cryptalk/sdk';
import { openNodeFileStore } from '@cryptalk/sdk/store/node';
import WebSocket from 'ws';

const link = process.argv[2];
if (!link) {
  process.stderr.write('usage: node index.js <invite-link>\n');
  process.exit(2);
}

/** The relay's URL: from the environment, or the invite link's origin with ws(s). */
function relayUrl() {
  if (process.env.CRYPTALK_RELAY) return process.env.CRYPTALK_RELAY;
  const u = new URL(link);
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
}

/** The answer to one message, or undefined to stay quiet. */
function answer(text) {
  const t = text.trim();
  if (t === '/help') return 'I answer /ping, /time and /members; anything else I echo.';
  if (t === '/ping') return 'pong';
  if (t === '/time') return new Date().toISOString();
  return `echo: ${t}`;
}

let store;
if (process.env.BOT_DATA_DIR) {
  if (!process.env.BOT_PASSPHRASE) {
    process.stderr.write('BOT_PASSPHRASE is required with BOT_DATA_DIR\n');
    process.exit(2);
  }
  store = await openNodeFileStore({ dir: process.env.BOT_DATA_DIR, passphrase: process.env.BOT_PASSPHRASE });
}

const client = await CrypTalkClient.open({
  relay: relayUrl(),
  WebSocket,
  displayName: process.env.BOT_NAME ?? 'Echo bot',
  ...(store ? { store } : {}),
});
client.on('error', (err) => process.stderr.write(`error: ${err.code ?? err.name}: ${err.message}\n`));

const room = await client.joinByLink(link);
client.on('message', (m) => {
  if (m.own || m.room !== room.id || m.type !== 'text') return;
  const t = m.text.trim();
  const reply =
    t === '/members'
      ? room
          .members()
          .map((x) => x.displayName ?? x.id)
          .join(', ')
      : answer(t);
  // Answer as a reply to the message, and tell the room it was read (an encrypted read receipt).
  room.markRead(m.msgId).catch(() => undefined);
  room
    .send(reply, { replyTo: m.msgId })
    .catch((err) => process.stderr.write(`send failed: ${err.message}\n`));
});
process.stdout.write(`joined ${room.kind} room as ${client.id}\n`);
await room.send(`Hello, I am ${client.displayName}. Type /help.`);

async function stop() {
  await client.close();
  await store?.close();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
