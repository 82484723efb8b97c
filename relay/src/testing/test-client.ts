import { randomBytes } from 'node:crypto';
import { deriveRoomAuthKey, proveChallenge } from '@cryptalk/sdk/auth';
import {
  type AckFrame,
  type ChallengeFrame,
  type ClientFrame,
  decodeServerFrame,
  encodeFrame,
  fromBase64url,
  type JoinedFrame,
  type Proof,
  type ResumePoint,
  type ServerFrame,
  toBase64url,
  WS_SUBPROTOCOL,
} from '@cryptalk/sdk/protocol';
import WebSocket from 'ws';

/** Options of {@link TestClient.connect}. */
export interface TestClientOptions {
  /** The Origin header to send (browsers always send one). */
  origin?: string;
  /** Device secret for room keys; random by default. */
  deviceSecret?: Uint8Array;
  /** Do not read frames (a slow reader): pauses the socket. */
  paused?: boolean;
}

/**
 * A raw protocol client for relay tests: speaks frames directly (including broken ones), proves room keys with
 * the crypto core, and collects everything the relay sends.
 */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  private waiters: { pred: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  private spare: ChallengeFrame | undefined;
  private rid = 0;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly deviceSecret: Uint8Array;

  private constructor(
    readonly ws: WebSocket,
    readonly url: string,
    deviceSecret: Uint8Array,
  ) {
    this.deviceSecret = deviceSecret;
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data) => {
      const frame = decodeServerFrame(data.toString());
      if (frame.t === 'challenge' && frame.rid === undefined && !this.spare) this.spare = frame;
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve(frame);
      } else this.frames.push(frame);
    });
  }

  /** Opens a connection and waits for the relay's first challenge. */
  static async connect(url: string, opts: TestClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, WS_SUBPROTOCOL, opts.origin ? { origin: opts.origin } : {});
    const c = new TestClient(ws, url, opts.deviceSecret ?? randomBytes(32));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const first = (await c.next((f) => f.t === 'challenge' && f.rid === undefined)) as ChallengeFrame;
    c.spare = first;
    if (opts.paused) ws.pause();
    return c;
  }

  /** Waits for the next frame matching `pred` (already received ones first). */
  next(pred: (f: ServerFrame) => boolean = () => true, timeoutMs = 5000): Promise<ServerFrame> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0] as ServerFrame);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (f: ServerFrame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.waiters.push(w);
    });
  }

  /** Sends a frame object or raw text/bytes. */
  send(frame: ClientFrame | string | Buffer): void {
    this.ws.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : encodeFrame(frame));
  }

  /** A fresh request id. */
  nextRid(): string {
    return `r${this.rid++}`;
  }

  /** A challenge: the unasked first one, else a requested one. */
  async challenge(): Promise<ChallengeFrame> {
    const s = this.spare;
    if (s) {
      this.spare = undefined;
      return s;
    }
    const rid = this.nextRid();
    this.send({ v: 1, t: 'challenge', rid });
    return (await this.next((f) => f.rid === rid)) as ChallengeFrame;
  }

  /** The origin this client signs: the one it connected to. */
  get relayOrigin(): string {
    return new URL(this.url).origin;
  }

  /** A proof of the room key over a challenge. */
  prove(room: string, ch: ChallengeFrame, origin = this.relayOrigin): Proof {
    const key = deriveRoomAuthKey(this.deviceSecret, room);
    const sig = proveChallenge(key, {
      origin,
      connId: ch.connId,
      nonce: fromBase64url(ch.nonce),
      issuedAt: ch.issuedAt,
    });
    return { nonce: ch.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) };
  }

  /** The room's public key, base64url. */
  roomKey(room: string): string {
    return toBase64url(deriveRoomAuthKey(this.deviceSecret, room).publicKey);
  }

  /** Joins with a proof; resolves with `joined` (or rejects with the error frame's code). */
  async join(room: string, extra: { resume?: ResumePoint; ttl?: number } = {}): Promise<JoinedFrame> {
    const proof = this.prove(room, await this.challenge());
    const rid = this.nextRid();
    this.send({ v: 1, t: 'join', room, proof, rid, ...extra });
    const f = await this.next((x) => x.rid === rid);
    if (f.t === 'error') throw new Error(f.code);
    return f as JoinedFrame;
  }

  /** Publishes (disappearing after `ttl` seconds, when given) and waits for the ack (or the error's code). */
  async publish(
    room: string,
    ct: string,
    msgId = randomBytes(16).toString('base64url'),
    ttl?: number,
  ): Promise<AckFrame> {
    const rid = this.nextRid();
    this.send({ v: 1, t: 'publish', room, msgId, epoch: 0, ct, rid, ...(ttl === undefined ? {} : { ttl }) });
    const f = await this.next((x) => x.rid === rid);
    if (f.t === 'error') throw new Error(f.code);
    return f as AckFrame;
  }

  /** Deliveries received so far for a room (removing them from the buffer), in arrival order. */
  takeDeliveries(room: string): { offset: number; msgId: string; ct: string }[] {
    const out: { offset: number; msgId: string; ct: string }[] = [];
    for (let i = 0; i < this.frames.length; ) {
      const f = this.frames[i] as ServerFrame;
      if (f.t === 'deliver' && f.env.room === room) {
        out.push({ offset: f.env.offset, msgId: f.env.msgId, ct: f.env.ct });
        this.frames.splice(i, 1);
      } else i++;
    }
    return out;
  }

  /** Closes the socket. */
  close(): void {
    this.ws.terminate();
  }
}

/** A random room id (128 bits, base64url). */
export const roomId = (): string => randomBytes(16).toString('base64url');
/** A random ciphertext stand-in, base64url. */
export const ciphertext = (n = 24): string => randomBytes(n).toString('base64url');
