import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CHUNK_DOWNLOAD_FAILED, failingImports } from '../../../../test/helpers/failing-imports.js';
import { utf8 } from '../bytes.js';
import { CryptoError } from '../errors.js';
import { randomBytes } from '../primitives/index.js';
import { createMlsMember, loadHpke, MlsGroup, mlsCiphersuite } from './index.js';

/** Loads of `hpke-cipher-suite.js` fail while switched on (a real failed load, see the helper). */
const loads = failingImports('hpke-cipher-suite');

const notLoaded = (e: unknown) =>
  e instanceof CryptoError &&
  e.code === 'CRYPTO_NOT_LOADED' &&
  (e.cause as Error | undefined)?.message === CHUNK_DOWNLOAD_FAILED;
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

test('a failed load of the HPKE framing is CRYPTO_NOT_LOADED for commits and the provider, leaves the group as it was, and the next commit loads it', async () => {
  loads.fail(true);
  const alice = await MlsGroup.create(utf8('room-hpke'), await createMlsMember(utf8('alice')));
  const bobM = await createMlsMember(utf8('bob'));
  await alice.encrypt(utf8('alone, no HPKE needed'));
  await assert.rejects(loadHpke(), notLoaded);
  await assert.rejects(alice.add([bobM.encodedKeyPackage()]), notLoaded);
  await assert.rejects(alice.update(), notLoaded);
  assert.equal(alice.epoch, 0n, 'a failed load changes nothing');
  // the provider loads it itself too (ts-mls's paths that MlsGroup does not preload for)
  const cs = await mlsCiphersuite();
  await assert.rejects(cs.hpke.deriveKeyPair(randomBytes(32)), notLoaded);
  const kp = await cs.hpke.generateKeyPair();
  await assert.rejects(cs.hpke.seal(kp.publicKey, utf8('x'), utf8('info')), notLoaded);

  loads.fail(false);
  const { welcome } = await alice.add([bobM.encodedKeyPackage()]);
  assert.equal(alice.epoch, 1n);
  const bob = await MlsGroup.join(welcome as Uint8Array, bobM);
  const ev = await bob.process(await alice.encrypt(utf8('after the retry')));
  assert.equal(ev.kind === 'application' && text(ev.plaintext), 'after the retry');
  assert.equal((await cs.hpke.deriveKeyPair(randomBytes(32))).publicKey.type, 'public');
});

test('creating a group, a key package and application messages load no HPKE framing (@hpke/*); adding a member (commit + Welcome) does', async () => {
  // Two members of one group and a third member's key package, made here; the probe watches a fresh process.
  const alice = await MlsGroup.create(utf8('room-probe'), await createMlsMember(utf8('alice')));
  const bobM = await createMlsMember(utf8('bob'));
  const bob = await MlsGroup.join((await alice.add([bobM.encodedKeyPackage()])).welcome as Uint8Array, bobM);
  const carol = await createMlsMember(utf8('carol'));
  const input = JSON.stringify({
    alice: b64(alice.serialize()),
    bob: b64(bob.serialize()),
    carol: b64(carol.serialize()),
    carolKeyPackage: b64(carol.encodedKeyPackage()),
  });
  const here = dirname(fileURLToPath(import.meta.url));
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(here, 'load-hpke.probe.ts')],
    { cwd: join(here, '../../../..'), input, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `the probe ran (${r.stderr})`);
  const out = JSON.parse(r.stdout) as Record<string, string[]>;
  assert.deepEqual(out.imported, [], 'importing the MLS code loads none of it');
  assert.deepEqual(out.fresh, [], 'a key package, a new group and sending load none of it');
  assert.deepEqual(out.restored, [], 'restored members sending and receiving load none of it');
  assert.deepEqual(
    out.added,
    ['@hpke/core', '@hpke/common', 'hpke-cipher-suite'],
    'adding a member loads the HPKE framing',
  );
  assert.deepEqual(out.texts, ['hi bob', 'hi alice', 'again', 'commit', 'welcome carol']);
});
