import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { helpText, loadConfig } from './config.js';
import { RelayError } from './errors.js';
import { createRelay } from './relay.js';

test('flags beat environment, which beats the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-config-'));
  const file = join(dir, 'relay.json');
  writeFileSync(
    file,
    JSON.stringify({ port: 1111, host: '127.0.0.2', historyMax: 5, allowedOrigins: ['https://a.example'] }),
  );
  const { options } = loadConfig(['--config', file, '--port', '3333'], {
    CRYPTALK_PORT: '2222',
    CRYPTALK_HISTORY_MAX: '7',
  });
  assert.equal(options.port, 3333);
  assert.equal(options.historyMax, 7);
  assert.equal(options.host, '127.0.0.2');
  assert.deepEqual(options.allowedOrigins, ['https://a.example']);
  assert.equal(loadConfig(['--no-require-auth'], {}).options.requireAuth, false);
  assert.deepEqual(
    loadConfig([], { CRYPTALK_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).options
      .allowedOrigins,
    ['https://a.example', 'https://b.example'],
  );
  rmSync(dir, { recursive: true, force: true });
});

test('bad configuration fails with RELAY_CONFIG_INVALID naming the option and its source', async () => {
  const bad = (fn: () => unknown, re: RegExp) =>
    assert.throws(
      fn,
      (e: unknown) => e instanceof RelayError && e.code === 'RELAY_CONFIG_INVALID' && re.test(e.message),
    );
  bad(() => loadConfig(['--port', 'eighty'], {}), /port \(--port\)/);
  bad(() => loadConfig([], { CRYPTALK_REQUIRE_AUTH: 'maybe' }), /CRYPTALK_REQUIRE_AUTH/);
  bad(() => loadConfig(['--bogus'], {}), /command line/);
  await assert.rejects(createRelay({ port: 70000 }), /option "port"/);
  await assert.rejects(createRelay({ store: 'redis', redisUrl: 'http://x' }), /redisUrl/);
  await assert.rejects(createRelay({ store: 'embedded' }), /dataDir/);
  await assert.rejects(createRelay({ allowedOrigins: ['shop.example'] }), /allowedOrigins/);
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-config-'));
  writeFileSync(join(dir, 'c.json'), '{"nope": 1}');
  bad(() => loadConfig(['--config', join(dir, 'c.json')], {}), /nope/);
  rmSync(dir, { recursive: true, force: true });
});

test('--help names every required flag', () => {
  const help = helpText();
  for (const f of [
    '--host',
    '--port',
    '--data-dir',
    '--store',
    '--redis-url',
    '--config',
    '--allowed-origins',
  ]) {
    assert.ok(help.includes(f), f);
  }
});

test('graceful shutdown: readiness drops, in-flight publishes are acked, sockets close with 1001', async () => {
  const { TestClient, roomId, ciphertext } = await import('./testing/index.js');
  const relay = await createRelay({ port: 0 });
  const c = await TestClient.connect(relay.url);
  const room = roomId();
  await c.join(room);
  for (let i = 0; i < 20; i++)
    c.send({
      v: 1,
      t: 'publish',
      room,
      msgId: ciphertext(16).slice(0, 22),
      epoch: 0,
      ct: ciphertext(),
      rid: `p${i}`,
    });
  await c.next((f) => f.t === 'ack');
  const closing = relay.close();
  const { code } = await c.closed;
  await closing;
  assert.equal(code, 1001);
  const acks = 1 + c.frames.filter((f) => f.t === 'ack').length;
  const refused = c.frames.filter((f) => f.t === 'error' && f.code === 'RELAY_SHUTTING_DOWN').length;
  assert.equal(acks + refused, 20, 'every publish was answered');
  await assert.rejects(fetch(`${relay.url.replace('ws', 'http')}/healthz`));
});

test('the /embed sites come from flags, environment or the config file, and are checked', () => {
  const { options } = loadConfig(
    ['--embed-sites', 'https://a.example,https://b.example', '--embed-assets-dir', '/srv/widget'],
    { CRYPTALK_EMBED_CALL_SITES: 'https://b.example' },
  );
  assert.deepEqual(options.embed, {
    sites: [
      { origin: 'https://a.example', calls: false },
      { origin: 'https://b.example', calls: true },
    ],
    assetsDir: '/srv/widget',
  });
  assert.equal(loadConfig([], {}).options.embed, undefined);
  const dir = mkdtempSync(join(tmpdir(), 'cryptalk-config-'));
  const file = join(dir, 'relay.json');
  const embed = { sites: [{ origin: 'https://c.example', calls: true }], assetsDir: '/srv/w' };
  writeFileSync(file, JSON.stringify({ embed }));
  assert.deepEqual(loadConfig(['--config', file], {}).options.embed, embed);
  rmSync(dir, { recursive: true, force: true });
  const bad = (argv: string[], re: RegExp) =>
    assert.throws(
      () => loadConfig(argv, {}),
      (e: unknown) => e instanceof RelayError && e.code === 'RELAY_CONFIG_INVALID' && re.test(e.message),
    );
  bad(['--embed-sites', 'https://a.example'], /embed/);
  bad(['--embed-assets-dir', '/srv/widget'], /embed/);
  bad(
    [
      '--embed-sites',
      'https://a.example',
      '--embed-call-sites',
      'https://x.example',
      '--embed-assets-dir',
      '/w',
    ],
    /embedCallSites/,
  );
});
