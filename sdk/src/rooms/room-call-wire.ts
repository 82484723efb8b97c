/**
 * What a room's calls put on the wire: signal texts split into encrypted fragments and put back together, and
 * the relay's `/calls/*` credentials. `loadRoomCallWire` (room-calls.ts) imports this module with `import()`
 * the first time a call signal goes out or comes in, or credentials are asked for, so a chat that never calls
 * does not load it (a lazy chunk in the widget's script-tag build).
 * @module
 */
import type { IceServerCredentials, LiveKitGrant } from '../calls/index.js';
import { CallError, fragmentSignal, SignalReassembler } from '../calls/index.js';
import { type CallCredentialKind, fetchCallCredentials } from '../relay-client/index.js';
import type { RoomCallHost } from './room-calls.js';

function strings(v: unknown): v is string | string[] {
  return typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
}

/** Validates the relay's `/calls/turn` answer. */
function iceServersOf(body: Record<string, unknown>): IceServerCredentials {
  const list = body.iceServers;
  if (!Array.isArray(list) || list.length > 8) throw new TypeError('iceServers');
  const iceServers: RTCIceServer[] = list.map((s: unknown) => {
    const o = s as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null || !strings(o.urls)) throw new TypeError('iceServers.urls');
    if (o.username !== undefined && typeof o.username !== 'string') throw new TypeError('username');
    if (o.credential !== undefined && typeof o.credential !== 'string') throw new TypeError('credential');
    return {
      urls: o.urls,
      ...(o.username === undefined ? {} : { username: o.username as string }),
      ...(o.credential === undefined ? {} : { credential: o.credential as string }),
    };
  });
  return { iceServers };
}

/** Validates the relay's `/calls/token` answer. */
function grantOf(body: Record<string, unknown>): LiveKitGrant {
  const { url, token, identity } = body;
  if (typeof url !== 'string' || typeof token !== 'string' || typeof identity !== 'string') {
    throw new TypeError('livekit grant');
  }
  return { url, token, identity };
}

/** One room's call signal fragments (out and in) and relay credentials. */
export class RoomCallWire {
  private readonly reassembler = new SignalReassembler();

  /** @param host - the room. */
  constructor(private readonly host: RoomCallHost) {}

  /**
   * Sends a signal text to the room's other members: each fragment is one encrypted ephemeral signal.
   * @throws CallError `CALL_SIGNAL_MALFORMED` for a text `fragmentSignal` refuses.
   */
  send(text: string): void {
    for (const f of fragmentSignal(text)) void this.host.sendCallSignal(f);
  }

  /**
   * Adds a fragment from an authenticated member.
   * @returns the whole signal text once its last fragment arrived; `undefined` before, or for a malformed
   *   fragment (dropped, like any undecodable signal).
   */
  receive(from: string, fragment: Uint8Array): string | undefined {
    try {
      return this.reassembler.push(from, fragment);
    } catch {
      return undefined;
    }
  }

  /**
   * TURN servers with REST credentials from the relay's `/calls/turn`.
   * @throws CallError `CALL_CREDENTIALS_FAILED` when the relay refused or could not be reached.
   */
  async turn(): Promise<IceServerCredentials> {
    return iceServersOf(await this.fetch('turn'));
  }

  /**
   * A LiveKit grant for the room from the relay's `/calls/token`.
   * @throws CallError `CALL_CREDENTIALS_FAILED` when the relay refused or could not be reached.
   */
  async liveKitToken(): Promise<LiveKitGrant> {
    return grantOf(await this.fetch('livekit'));
  }

  private async fetch(kind: CallCredentialKind): Promise<Record<string, unknown>> {
    const key = await this.host.roomAuthKey();
    try {
      return await fetchCallCredentials(
        this.host.relayUrl,
        this.host.id,
        key,
        kind,
        this.host.callConfig.fetch,
      );
    } catch (err) {
      throw CallError.credentials(kind, err);
    } finally {
      key.destroy();
    }
  }
}
