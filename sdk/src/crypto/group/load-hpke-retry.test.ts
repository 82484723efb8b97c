import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { failingImports } from '../../../../test/helpers/failing-imports.js';
import { MlsGroup } from './index.js';

/** Loads of `hpke-cipher-suite.js` in this process (a fresh one: nothing loaded it yet). */
const loads = failingImports('hpke-cipher-suite');

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../..');

/**
 * Alice's group with Bob, Bob's state, then a commit of Alice's (adding Carol) and a message of the new epoch:
 * made in another process, so that this one has never loaded the HPKE framing.
 */
function fixture(): { bob: Uint8Array; commit: Uint8Array; after: Uint8Array } {
  const code = `
import { createMlsMember, MlsGroup } from ${JSON.stringify(join(here, 'index.ts'))};
const utf8 = (s) => new TextEncoder().encode(s);
const b64 = (b) => Buffer.from(b).toString('base64');
const alice = await MlsGroup.create(utf8('room-retry'), await createMlsMember(utf8('alice')));
const bobM = await createMlsMember(utf8('bob'));
const bob = await MlsGroup.join((await alice.add([bobM.encodedKeyPackage()])).welcome, bobM);
const carol = await createMlsMember(utf8('carol'));
const { commit } = await alice.add([carol.encodedKeyPackage()]);
const after = await alice.encrypt(utf8('after the commit'));
process.stdout.write(JSON.stringify({ bob: b64(bob.serialize()), commit: b64(commit), after: b64(after) }));
`;
  const r = spawnSync(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', code],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, `the fixture ran (${r.stderr})`);
  const out = JSON.parse(r.stdout) as Record<'bob' | 'commit' | 'after', string>;
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  return { bob: bytes(out.bob), commit: bytes(out.commit), after: bytes(out.after) };
}

test('a received commit whose HPKE framing fails to download twice is processed on the third try: no skipped commit, no rejoin', async () => {
  const { bob: state, commit, after } = fixture();
  const bob = MlsGroup.deserialize(state);
  const epoch = bob.epoch;
  loads.failNext(2);
  const ev = await bob.process(commit);
  assert.equal(ev.kind, 'commit');
  assert.equal(bob.epoch, epoch + 1n, 'the commit is applied');
  const msg = await bob.process(after);
  assert.equal(msg.kind === 'application' && new TextDecoder().decode(msg.plaintext), 'after the commit');
});
