import type { CallEnvironment, IceServerCredentials, LiveKitGrant } from '@cryptalk/sdk/calls';
import { CallError } from '@cryptalk/sdk/calls';
import type { CallRoomInfo, ChatBackend } from '../backend/chat-backend.js';
import type { Off } from '../internal/emitter.js';
import { createE2eeWorker } from './e2ee-worker-url.js';

/** A chat backend that carries a call environment (`capabilities.calls`): every optional `call*` member. */
export type CallEnvironmentBackend = ChatBackend &
  Required<Pick<ChatBackend, 'callRoom' | 'callSignal' | 'callCredentials' | 'callMediaSecret'>>;

/** The browser parts of a call environment, which stay on the page. */
export interface PageCallOptions {
  /**
   * Creates LiveKit's E2EE Worker for SFU calls. @default `createE2eeWorker()`:
   * `cryptalk-e2ee-worker.js` beside the calls chunk (the script-tag build).
   */
  e2eeWorker?: () => Worker;
  /** Media devices. @default navigator.mediaDevices */
  mediaDevices?: MediaDevices;
}

/** Most ICE servers accepted from the backend. */
const MAX_ICE_SERVERS = 8;
/** Shortest media secret accepted from the backend, in bytes (the SDK's media keys need ≥ 16). */
const MIN_MEDIA_SECRET_BYTES = 16;

/**
 * Whether a backend carries a call environment (its `call*` members, announced by `capabilities.calls`).
 * @param backend - the chat backend.
 */
export function hasCallEnvironment(backend: ChatBackend): backend is CallEnvironmentBackend {
  return (
    backend.capabilities.calls === true &&
    typeof backend.callRoom === 'function' &&
    typeof backend.callSignal === 'function' &&
    typeof backend.callCredentials === 'function' &&
    typeof backend.callMediaSecret === 'function'
  );
}

const isStrings = (v: unknown): v is string | string[] =>
  typeof v === 'string' || (Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === 'string'));

function turnOf(answer: unknown): IceServerCredentials {
  const list = (answer as { iceServers?: unknown } | null)?.iceServers;
  if (!Array.isArray(list) || list.length > MAX_ICE_SERVERS) throw new TypeError('iceServers');
  return {
    iceServers: list.map((s: unknown) => {
      const o = s as { urls?: unknown; username?: unknown; credential?: unknown } | null;
      if (!o || !isStrings(o.urls)) throw new TypeError('iceServers.urls');
      if (o.username !== undefined && typeof o.username !== 'string') throw new TypeError('username');
      if (o.credential !== undefined && typeof o.credential !== 'string') throw new TypeError('credential');
      return {
        urls: o.urls,
        ...(o.username === undefined ? {} : { username: o.username }),
        ...(o.credential === undefined ? {} : { credential: o.credential }),
      };
    }),
  };
}

function grantOf(answer: unknown): LiveKitGrant {
  const o = answer as { url?: unknown; token?: unknown; identity?: unknown } | null;
  if (!o || typeof o.url !== 'string' || typeof o.token !== 'string' || typeof o.identity !== 'string') {
    throw new TypeError('livekit grant');
  }
  return { url: o.url, token: o.token, identity: o.identity };
}

/**
 * The SDK `CallEnvironment` of one room over a chat backend that runs elsewhere (the SDK client in a
 * Worker or a frame, where `RTCPeerConnection` and `getUserMedia` do not exist): signals go out with
 * `backend.callSignal` and come back as `callSignal` events (end-to-end encrypted by the backend's room),
 * credentials and the media secret are fetched through the backend, and the E2EE Worker and media devices
 * are the page's. Only what the page's call manager needs crosses: never the room's keys or group state.
 * @param backend - a backend with `capabilities.calls`.
 * @param room - the widget's room.
 * @param info - the room's {@link CallRoomInfo} (`backend.callRoom(room)`).
 * @param options - the E2EE Worker and media devices.
 * @returns the environment; `deliver` feeds it a signal that arrived before it existed, `close` stops it.
 */
export function backendCallEnvironment(
  backend: CallEnvironmentBackend,
  room: string,
  info: CallRoomInfo,
  options: PageCallOptions = {},
): CallEnvironment & { close: Off; deliver(from: string, payload: string): void } {
  const listeners = new Set<(from: string, payload: string) => void>();
  const deliver = (from: string, payload: string) => {
    if (from === info.selfId) return;
    for (const l of listeners) l(from, payload);
  };
  const off = backend.on('callSignal', (e) => {
    if (e.room === room) deliver(e.from, e.payload);
  });
  return {
    signals: {
      selfId: info.selfId,
      send: (payload) => backend.callSignal(room, payload),
      onSignal: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    credentials: {
      turn: async () => turnOf(await backend.callCredentials(room, 'turn')),
      liveKitToken: async () => grantOf(await backend.callCredentials(room, 'livekit')),
    },
    perCallSecret: info.perCallSecret,
    // Asked again when someone declines: the room may have changed since the manager was set up.
    otherMembers: async () => {
      const n = (await backend.callRoom(room)).otherMembers;
      return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
    },
    groupSecret: async () => {
      const secret = await backend.callMediaSecret(room);
      if (!(secret instanceof Uint8Array) || secret.length < MIN_MEDIA_SECRET_BYTES) {
        throw CallError.unsupported('a media secret from the backend');
      }
      return secret;
    },
    e2eeWorker: options.e2eeWorker ?? (() => createE2eeWorker()),
    ...(options.mediaDevices ? { mediaDevices: options.mediaDevices } : {}),
    deliver,
    close: () => {
      off();
      listeners.clear();
    },
  };
}
