import { type ClientFrame, type KeysFrame, PROTOCOL_VERSION } from '@cryptalk/sdk/protocol';
import { RelayError } from '../../errors.js';
import type { Session } from '../../handshake/index.js';
import type { Feature, FeatureDeps } from '../feature.js';

/**
 * The directory: prekey bundles with one-time prekeys, and MLS key packages, published under a proven key and
 * fetched by anyone holding the owner's key. One-time prekeys and key packages are handed out once; lookups are
 * rate-limited per IP so the directory cannot be drained or enumerated quickly.
 */
export class DirectoryFeature implements Feature {
  readonly name = 'directory';
  readonly frames = ['keys.put', 'keys.get'] as const;

  /** @param deps - store, settings, limits. */
  constructor(private readonly deps: FeatureDeps) {}

  async handle(session: Session, frame: ClientFrame): Promise<void> {
    const { store, ipLimits, metrics, now } = this.deps;
    if (frame.t === 'keys.put') {
      const owner = session.verify(frame.proof);
      const keys: { bundle?: string; otks?: string[]; kps?: string[] } = {};
      if (frame.bundle !== undefined) keys.bundle = frame.bundle;
      if (frame.otks) keys.otks = frame.otks;
      if (frame.kps) keys.kps = frame.kps;
      const counts = await store.putKeys(owner, keys);
      const out = { v: PROTOCOL_VERSION, t: 'keys.stored', ...counts } as const;
      session.send(frame.rid === undefined ? out : { ...out, rid: frame.rid });
      return;
    }
    if (frame.t !== 'keys.get') return;
    if (!ipLimits.lookup(session.ip, now())) {
      metrics.rateLimited.inc({ scope: 'lookup' });
      throw RelayError.rateLimited('directory lookup');
    }
    const out: KeysFrame = { v: PROTOCOL_VERSION, t: 'keys', owner: frame.owner, kind: frame.kind };
    if (frame.kind === 'prekey') {
      const b = await store.takePrekeyBundle(frame.owner);
      if (!b) throw RelayError.noKeys();
      out.bundle = b.bundle;
      if (b.otk !== undefined) out.otk = b.otk;
    } else {
      const kp = await store.takeKeyPackage(frame.owner);
      if (kp === undefined) throw RelayError.noKeys();
      out.kp = kp;
    }
    if (frame.rid !== undefined) out.rid = frame.rid;
    session.send(out);
  }
}
