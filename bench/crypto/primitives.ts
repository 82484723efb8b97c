/**
 * Primitive figures, each beside node:crypto where it offers the same primitive.
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
  randomBytes,
  x25519Dh,
} from '../../sdk/src/crypto/primitives/index.js';
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

/** Runs the primitive benchmarks. */
export async function benchPrimitives(): Promise<Row[]> {
  const rows: Row[] = [];
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const kb = randomBytes(1024);
  for (const [suite, alg, label] of [
    [AeadSuite.AES_256_GCM, 'aes-256-gcm', 'AES-256-GCM'],
    [AeadSuite.CHACHA20_POLY1305, 'chacha20-poly1305', 'ChaCha20-Poly1305'],
  ] as const) {
    const ours = await measure(`${label} seal+open 1 KB`, () =>
      aeadOpen(suite, key, nonce, aeadSeal(suite, key, nonce, kb)),
    );
    const node = await measure(`${label} node`, () => nodeAead(alg, key, nonce, kb));
    ours.note = ratio(ours, node);
    rows.push(ours);
  }

  const a = generateX25519();
  const b = generateX25519();
  const x = await measure('X25519 DH', () => x25519Dh(a.secretKey, b.publicKey));
  const nodeA = nodeCrypto.generateKeyPairSync('x25519');
  const nodeB = nodeCrypto.generateKeyPairSync('x25519');
  const xn = await measure('X25519 node', () =>
    nodeCrypto.diffieHellman({ privateKey: nodeA.privateKey, publicKey: nodeB.publicKey }),
  );
  x.note = ratio(x, xn);
  rows.push(x);

  const e = generateEd25519();
  const msg = randomBytes(200);
  const sig = ed25519Sign(e.secretKey, msg);
  const es = await measure('Ed25519 sign', () => ed25519Sign(e.secretKey, msg));
  const ne = nodeCrypto.generateKeyPairSync('ed25519');
  const nsig = nodeCrypto.sign(null, msg, ne.privateKey);
  const esn = await measure('Ed25519 sign node', () => nodeCrypto.sign(null, msg, ne.privateKey));
  es.note = ratio(es, esn);
  rows.push(es);
  const ev = await measure('Ed25519 verify (strict)', () => ed25519Verify(e.publicKey, msg, sig));
  const evn = await measure('Ed25519 verify node', () => nodeCrypto.verify(null, msg, ne.publicKey, nsig));
  ev.note = ratio(ev, evn);
  rows.push(ev);

  const ikm = randomBytes(32);
  const info = randomBytes(16);
  const h = await measure('HKDF-SHA256 32 B', () => hkdfSha256(ikm, new Uint8Array(0), info, 32));
  const hn = await measure('HKDF node', () =>
    nodeCrypto.hkdfSync('sha256', ikm, new Uint8Array(0), info, 32),
  );
  h.note = ratio(h, hn);
  rows.push(h);

  const { N, r, p } = DEFAULT_SCRYPT_PARAMS;
  const salt = randomBytes(16);
  const pw = new TextEncoder().encode('correct horse battery staple');
  const s = await measure(
    'scrypt N=2^17 r=8 p=1 (OWASP)',
    () => derivePassphraseKey(pw, salt, DEFAULT_SCRYPT_PARAMS),
    {
      budgetMs: 1,
      minIterations: 2,
    },
  );
  const sn = await measure(
    'scrypt node',
    () => nodeCrypto.scryptSync(pw, salt, 32, { N, r, p, maxmem: 2 ** 30 }),
    {
      budgetMs: 1,
      minIterations: 2,
    },
  );
  s.note = ratio(s, sn);
  rows.push(s);
  return rows;
}
