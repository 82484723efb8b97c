import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRelay } from '@cryptalk/relay';
import { type ChatMessage, CrypTalkClient } from '@cryptalk/sdk';
import WebSocket from 'ws';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');

test('the bot joins from an invite link and answers, end to end through a real relay', async (t) => {
  const relay = await createRelay({ port: 0 });
  t.after(() => relay.close());
  const owner = await CrypTalkClient.open({
    relay: relay.url,
    WebSocket: WebSocket as never,
    displayName: 'Owner',
  });
  t.after(() => owner.close());
  const room = await owner.createRoom({ name: 'with a bot' });
  const link = await room.invite();
  const bot = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(HERE, 'index.js'), link],
    { cwd: ROOT, env: { ...process.env, BOT_NAME: 'Test bot' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  bot.stderr.on('data', (d) => {
    stderr += d;
  });
  t.after(() => {
    if (bot.exitCode === null) bot.kill('SIGTERM');
  });
  const inbox: ChatMessage[] = [];
  owner.on('message', (m) => inbox.push(m));
  const waitFor = async (pred: (m: ChatMessage) => boolean, what: string) => {
    for (let i = 0; i < 1000; i++) {
      const m = inbox.find(pred);
      if (m) return m;
      if (bot.exitCode !== null)
        assert.fail(`the bot exited (${bot.exitCode}) waiting for ${what}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`timed out waiting for ${what}: ${stderr}`);
  };
  const t0 = Date.now();
  const hello = await waitFor((m) => m.text.startsWith('Hello, I am Test bot'), 'the greeting');
  assert.equal(hello.author.displayName, 'Test bot');
  const ping = await room.send('/ping');
  const pong = await waitFor((m) => m.text === 'pong', 'pong');
  assert.equal(pong.replyTo, ping.msgId, 'answered as a reply');
  await room.send('anything at all');
  await waitFor((m) => m.text === 'echo: anything at all', 'the echo');
  await room.send('/members');
  const members = await waitFor((m) => m.text.includes('Owner') && m.text.includes('Test bot'), 'members');
  assert.equal(members.author.id, hello.author.id);
  process.stderr.write(`bot answered in ${Date.now() - t0} ms\n`);
});
