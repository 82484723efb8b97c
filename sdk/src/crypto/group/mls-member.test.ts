import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { greaseValues } from 'ts-mls/grease.js';
import { utf8 } from '../bytes.js';
import { createMlsMember, decodeKeyPackage, MlsMember } from './mls-member.js';
import { SUPPORTED_MLS_CIPHERSUITES } from './noble-provider.js';

const isGrease = (v: string | number) => greaseValues.includes(Number(v));

describe('MLS key packages', () => {
  it('advertise only what this client implements (RFC 9420 §7.2), plus GREASE values (§13.5)', async () => {
    for (const suite of SUPPORTED_MLS_CIPHERSUITES) {
      for (let i = 0; i < 8; i++) {
        const member = await createMlsMember(utf8(`device-${i}`), suite);
        // what the directory hands out, decoded again
        const caps = decodeKeyPackage(member.encodedKeyPackage()).leafNode.capabilities;
        const id = `${suite} #${i}`;
        assert.deepEqual(caps.versions, ['mls10'], `${id}: versions`);
        assert.deepEqual(
          caps.ciphersuites.filter((c) => !isGrease(c)).sort(),
          [...SUPPORTED_MLS_CIPHERSUITES].sort(),
          `${id}: ciphersuites`,
        );
        assert.deepEqual(
          caps.credentials.filter((c) => !isGrease(c)),
          ['basic'],
          `${id}: credentials`,
        );
        assert.ok(caps.extensions.every(isGrease), `${id}: extensions`);
        assert.ok(caps.proposals.every(isGrease), `${id}: proposals`);
      }
    }
  });

  it('round-trips with its private keys', async () => {
    const member = await createMlsMember(utf8('device'));
    const back = MlsMember.deserialize(member.serialize());
    assert.deepEqual(back.encodedKeyPackage(), member.encodedKeyPackage());
    assert.deepEqual(back.privateKeys, member.privateKeys);
    assert.equal(back.suite, member.suite);
  });
});
