import { randomBytes } from 'node:crypto';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { deriveRoomAuthKey, proveChallenge } from '@cryptalk/sdk/auth';
import { fromBase64url, toBase64url, WS_SUBPROTOCOL } from '@cryptalk/sdk/protocol';
import { WebSocket } from './ws.js';

/** Which server a load run talks to. */
export type Target = { kind: 'relay'; url: string } | { kind: 'bare'; url: string };

/** One load-generator connection. */
export interface LoadConn {
  ws: WebSocket;
  room: string;
  send(msgId: string): void;
}

/** Shared measurement state of a run. */
export class Meter {
  readonly sentAt = new Map<string, number>();
  readonly latency: RecordableHistogram = createHistogram();
  deliveries = 0;
  /** Called for every message a connection receives. */
  onDeliver(msgId: string): void {
    this.deliveries++;
    const t = this.sentAt.get(msgId);
    if (t !== undefined) this.latency.record(Math.max(1, Math.round((performance.now() - t) * 1000)));
  }
  reset(): void {
    this.sentAt.clear();
    this.latency.reset();
    this.deliveries = 0;
  }
}

const CT = randomBytes(48).toString('base64url');

/** Opens a connection in `room` (joined, with a proof, on the relay) that reports deliveries to `meter`. */
export async function openConn(
  target: Target,
  room: string,
  meter: Meter,
  onOwn?: () => void,
): Promise<LoadConn> {
  const url = target.kind === 'bare' ? `${target.url}/?room=${room}` : target.url;
  const ws = new WebSocket(url, WS_SUBPROTOCOL, { perMessageDeflate: false });
  let joined: () => void = () => {};
  const ready = new Promise<void>((r) => {
    joined = r;
  });
  let challengeSeen = false;
  ws.on('message', (data) => {
    const text = data.toString();
    if (target.kind === 'bare') {
      const id = text.slice(10, 32);
      meter.onDeliver(id);
      return;
    }
    // Cheap dispatch on the frame type without decoding every delivery strictly (load generator only).
    if (text.startsWith('{"v":1,"t":"deliver"')) {
      const i = text.indexOf('"msgId":"') + 9;
      meter.onDeliver(text.slice(i, i + 22));
    } else if (text.startsWith('{"v":1,"t":"ack"')) {
      onOwn?.();
    } else if (!challengeSeen && text.includes('"t":"challenge"')) {
      challengeSeen = true;
      const ch = JSON.parse(text) as { connId: string; nonce: string; issuedAt: number };
      const key = deriveRoomAuthKey(randomBytes(32), room);
      const sig = proveChallenge(key, {
        origin: new URL(target.url).origin,
        connId: ch.connId,
        nonce: fromBase64url(ch.nonce),
        issuedAt: ch.issuedAt,
      });
      ws.send(
        JSON.stringify({
          v: 1,
          t: 'join',
          room,
          proof: { nonce: ch.nonce, key: toBase64url(key.publicKey), sig: toBase64url(sig) },
        }),
      );
    } else if (text.includes('"t":"drained"')) {
      joined();
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (target.kind === 'bare') joined();
  await ready;
  return {
    ws,
    room,
    send: (msgId) => {
      meter.sentAt.set(msgId, performance.now());
      if (target.kind === 'bare') ws.send(`{"msgId":"${msgId}","ct":"${CT}"}`);
      else ws.send(`{"v":1,"t":"publish","room":"${room}","msgId":"${msgId}","epoch":0,"ct":"${CT}"}`);
    },
  };
}

/** A fresh 22-character message id. */
export const newMsgId = (): string => randomBytes(16).toString('base64url');
