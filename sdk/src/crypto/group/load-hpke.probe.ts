/**
 * Run by `load-hpke.test.ts` in a fresh Node process (`node --conditions=source --import tsx <this file>`):
 * watches which of the HPKE modules (`@hpke/core`, `@hpke/common`, the provider's `hpke-cipher-suite.ts`) the
 * SDK imports while the MLS code creates a group and exchanges application messages, and while it adds a member.
 *
 * stdin: JSON `{ alice, bob, carol, carolKeyPackage }` in base64 (the serialized groups of two members of one
 * group, a third member's serialized `MlsMember` and its key package). stdout: one JSON line
 * `{ imported, fresh, restored, added, texts }`, each of the first four the modules imported by then.
 *
 * @module
 */
import { register } from 'node:module';

/**
 * Which module kinds the hook saw imported: 0 `@hpke/core`, 1 `@hpke/common` (imported by a module other than
 * `@hpke`'s own and ts-mls's built-in providers: ts-mls's index loads those in Node, and they import `@hpke/core`,
 * but a bundle drops them unused, which the widget's size test checks), 2 the provider's `hpke-cipher-suite.ts`.
 */
const seen = new Int32Array(new SharedArrayBuffer(12));
const hook = `
let seen;
export function initialize(data) { seen = data.seen; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  const from = context.parentURL ?? '';
  const builtIn =
    from.includes('/node_modules/@hpke/') ||
    /\\/node_modules\\/ts-mls\\/dist\\/src\\/crypto\\/implementation\\/(default|noble)\\//.test(from);
  if (!builtIn && r.url.includes('/node_modules/@hpke/core/')) Atomics.store(seen, 0, 1);
  if (!builtIn && r.url.includes('/node_modules/@hpke/common/')) Atomics.store(seen, 1, 1);
  if (/\\/hpke-cipher-suite\\.(ts|js)$/.test(r.url)) Atomics.store(seen, 2, 1);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`, { data: { seen } });

const NAMES = ['@hpke/core', '@hpke/common', 'hpke-cipher-suite'];
const loaded = () => NAMES.filter((_, i) => Atomics.load(seen, i) === 1);

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
const bytes = (k: string) => new Uint8Array(Buffer.from(input[k] as string, 'base64'));
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const enc = new TextEncoder();

// Only now the MLS code: the hook sees every module it loads.
const { createMlsMember, MlsGroup, MlsMember } = await import('./index.js');
const imported = loaded();

// A first open: a new member (its key package) creates a group alone and sends.
const dave = await MlsGroup.create(enc.encode('probe-room'), await createMlsMember(enc.encode('dave')));
await dave.encrypt(enc.encode('first message'));
await dave.encrypt(enc.encode('second message'));
const fresh = loaded();

// A returning member: two members of one group, restored, talk both ways.
const alice = MlsGroup.deserialize(bytes('alice'));
const bob = MlsGroup.deserialize(bytes('bob'));
const texts: string[] = [];
for (const [from, to, said] of [
  [alice, bob, 'hi bob'],
  [bob, alice, 'hi alice'],
  [alice, bob, 'again'],
] as const) {
  const ev = await to.process(await from.encrypt(enc.encode(said)));
  texts.push(ev.kind === 'application' ? text(ev.plaintext) : ev.kind);
}
const restored = loaded();

// Adding a member: a commit and a Welcome, which the new member joins with.
const { commit, welcome } = await alice.add([bytes('carolKeyPackage')]);
const bobEvent = await bob.process(commit);
texts.push(bobEvent.kind);
const carol = await MlsGroup.join(welcome as Uint8Array, MlsMember.deserialize(bytes('carol')));
const ev = await carol.process(await bob.encrypt(enc.encode('welcome carol')));
texts.push(ev.kind === 'application' ? text(ev.plaintext) : ev.kind);
const added = loaded();

process.stdout.write(`${JSON.stringify({ imported, fresh, restored, added, texts })}\n`);
