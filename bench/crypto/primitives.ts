/**
 * Primitive figures through the sdk wrappers on each backend, each beside raw node:crypto where it offers the
 * same primitive (the ratio shows what the wrapper costs on top of it, or how far noble is from it).
 *
 * @module
 */
import nodeCrypto from 'node:crypto';
import { DEFAULT_SCRYPT_PARAMS, derivePassphraseKey } from '../../sdk/src/crypto/at-rest/index.js';
import {
  AeadSuite,
  aeadOpen,
  aeadSeal,
  ed25519Sign,
  ed25519Verify,
  generateEd25519,
  generateX25519,
  hkdfSha256,
  hmacSha256,
  randomBytes,
  x25519Dh,
} from '../../sdk/src/crypto/primitives/index.js';
import { syncBackends, underBackends } from './backends.js';
import { measure, type Row, ratio } from './harness.js';

function nodeAead(
  alg: 'aes-256-gcm' | 'chacha20-poly1305',
  key: Uint8Array,
  nonce: Uint8Array,
  pt: Uint8Array,
) {
  const c = nodeCrypto.createCipheriv(alg as 'aes-256-gcm', key, nonce, {
    authTagLength: 16,
  }) as nodeCrypto.CipherGCM;
  const ct = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
  const d = nodeCrypto.createDecipheriv(alg as 'aes-256-gcm', key, nonce, {
    authTagLength: 16,
  }) as nodeCrypto.DecipherGCM;
  d.setAuthTag(ct.subarray(ct.length - 16));
  return Buffer.concat([d.update(ct.subarray(0, ct.length - 16)), d.final()]);
}

/** Raw node:crypto figures, measured once and shared by both backends' rows. */
async function nodeRows(): Promise<Map<string, Row>> {
  const m = new Map<string, Row>();
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const kb = randomBytes(1024);
  m.set('AES-256-GCM', await measure('node', () => nodeAead('aes-256-gcm', key, nonce, kb)));
  m.set('ChaCha20-Poly1305', await measure('node', () => nodeAead('chacha20-poly1305', key, nonce, kb)));
  const nodeA = nodeCrypto.generateKeyPairSync('x25519');
  const nodeB = nodeCrypto.generateKeyPairSync('x25519');
  m.set(
    'X25519',
    await measure('node', () =>
      nodeCrypto.diffieHellman({ privateKey: nodeA.privateKey, publicKey: nodeB.publicKey }),
    ),
  );
  const ne = nodeCrypto.generateKeyPairSync('ed25519');
  const msg = randomBytes(200);
  const nsig = nodeCrypto.sign(null, msg, ne.privateKey);
  m.set('Ed25519 sign', await measure('node', () => nodeCrypto.sign(null, msg, ne.privateKey)));
  m.set('Ed25519 verify', await measure('node', () => nodeCrypto.verify(null, msg, ne.publicKey, nsig)));
  const ikm = randomBytes(32);
  const info = randomBytes(16);
  m.set('HKDF', await measure('node', () => nodeCrypto.hkdfSync('sha256', ikm, new Uint8Array(0), info, 32)));
  m.set('HMAC', await measure('node', () => nodeCrypto.createHmac('sha256', ikm).update(info).digest()));
  return m;
}

/** Runs the primitive benchmarks on both backends. */
export async function benchPrimitives(): Promise<Row[]> {
  const node = await nodeRows();
  const vs = (row: Row, what: string) => {
    const n = node.get(what);
    if (n) row.note = ratio(row, n);
    return row;
  };
  const rows = await underBackends(syncBackends(), async () => {
    const out: Row[] = [];
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const kb = randomBytes(1024);
    for (const [suite, label] of [
      [AeadSuite.AES_256_GCM, 'AES-256-GCM'],
      [AeadSuite.CHACHA20_POLY1305, 'ChaCha20-Poly1305'],
    ] as const) {
      const r = await measure(`${label} seal+open 1 KB`, () =>
        aeadOpen(suite, key, nonce, aeadSeal(suite, key, nonce, kb)),
      );
      out.push(vs(r, label));
    }
    const a = generateX25519();
    const b = generateX25519();
    out.push(vs(await measure('X25519 DH', () => x25519Dh(a.secretKey, b.publicKey)), 'X25519'));
    out.push(await measure('X25519 key pair', () => generateX25519()));
    const e = generateEd25519();
    const msg = randomBytes(200);
    const sig = ed25519Sign(e.secretKey, msg);
    out.push(vs(await measure('Ed25519 sign 200 B', () => ed25519Sign(e.secretKey, msg)), 'Ed25519 sign'));
    out.push(
      vs(
        await measure('Ed25519 verify 200 B (strict)', () => ed25519Verify(e.publicKey, msg, sig)),
        'Ed25519 verify',
      ),
    );
    const ikm = randomBytes(32);
    const info = randomBytes(16);
    out.push(
      vs(await measure('HKDF-SHA256 32 B', () => hkdfSha256(ikm, new Uint8Array(0), info, 32)), 'HKDF'),
    );
    out.push(vs(await measure('HMAC-SHA256 16 B', () => hmacSha256(ikm, info)), 'HMAC'));
    return out;
  });

  // scrypt is noble on every backend (at-rest key wrapping); printed once
  const { N, r, p } = DEFAULT_SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const pw = new TextEncoder().encode('correct horse battery staple');
  const once = { budgetMs: 1, minIterations: 2 };
  const s = await measure(
    'scrypt N=2^17 r=8 p=1 (OWASP), noble',
    () => derivePassphraseKey(pw, salt, DEFAULT_SCRYPT_PARAMS),
    once,
  );
  const sn = await measure(
    'scrypt node',
    () => nodeCrypto.scryptSync(pw, salt, 32, { N, r, p, maxmem: 2 ** 30 }),
    once,
  );
  s.note = ratio(s, sn);
  rows.push(s);
  return rows;
}
