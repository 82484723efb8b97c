import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ClientFrame,
  decodeClientFrame,
  encodeFrame,
  ProtocolError,
  type PublishFrame,
  type ServerFrame,
  WS_SUBPROTOCOL,
} from '@cryptalk/sdk/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { type RelayOptions, resolveRelayOptions } from './options.js';

/** A running relay. */
export interface Relay {
  /** The `ws://host:port` URL clients connect to. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** Stops accepting, closes every connection and the listener. */
  close(): Promise<void>;
}

interface RoomState {
  nextOffset: number;
  members: Set<WebSocket>;
}

/** WebSocket close code for a frame over the size limit (RFC 6455 §7.4.1). */
const CLOSE_TOO_BIG = 1009;

/**
 * Starts a relay: one port for HTTP and WebSocket, rooms with per-room offsets, fan-out of ciphertext
 * envelopes to the room's members. Bad frames get a typed error frame; the connection and the other
 * clients carry on.
 * @param options - see {@link RelayOptions}.
 * @returns the running relay once it listens.
 */
export async function createRelay(options: RelayOptions = {}): Promise<Relay> {
  const opts = resolveRelayOptions(options);
  const rooms = new Map<string, RoomState>();
  const joined = new Map<WebSocket, Set<string>>();

  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });

  // maxPayload is one byte over the limit so that an oversized frame reaches us and gets a typed error,
  // up to a hard ceiling beyond which ws closes the socket with 1009 before buffering it.
  const wss = new WebSocketServer({
    server: http,
    maxPayload: opts.maxFrameBytes * 4,
    handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });

  const send = (ws: WebSocket, frame: ServerFrame): void => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(frame));
  };

  const sendError = (ws: WebSocket, code: string, message: string, rid?: string): void => {
    send(
      ws,
      rid === undefined ? { v: 1, t: 'error', code, message } : { v: 1, t: 'error', code, message, rid },
    );
  };

  const publish = (ws: WebSocket, frame: PublishFrame): void => {
    const room = rooms.get(frame.room);
    if (!room?.members.has(ws)) {
      sendError(ws, 'RELAY_NOT_JOINED', 'join the room before publishing', frame.rid);
      return;
    }
    const offset = room.nextOffset++;
    send(ws, { v: 1, t: 'ack', msgId: frame.msgId, offset, ...(frame.rid ? { rid: frame.rid } : {}) });
    const out = encodeFrame({
      v: 1,
      t: 'deliver',
      env: { v: 1, msgId: frame.msgId, room: frame.room, epoch: frame.epoch, offset, ct: frame.ct },
    });
    for (const member of room.members) if (member.readyState === member.OPEN) member.send(out);
  };

  const handle = (ws: WebSocket, frame: ClientFrame): void => {
    const rid = frame.rid ? { rid: frame.rid } : {};
    switch (frame.t) {
      case 'join': {
        let room = rooms.get(frame.room);
        if (!room) {
          room = { nextOffset: 0, members: new Set() };
          rooms.set(frame.room, room);
        }
        room.members.add(ws);
        joined.get(ws)?.add(frame.room);
        send(ws, { v: 1, t: 'joined', room: frame.room, offset: room.nextOffset, ...rid });
        return;
      }
      case 'leave': {
        rooms.get(frame.room)?.members.delete(ws);
        joined.get(ws)?.delete(frame.room);
        send(ws, { v: 1, t: 'left', room: frame.room, ...rid });
        return;
      }
      case 'publish':
        publish(ws, frame);
        return;
    }
  };

  wss.on('connection', (ws: WebSocket) => {
    joined.set(ws, new Set());
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        sendError(ws, ProtocolError.notText().code, ProtocolError.notText().message);
        return;
      }
      let frame: ClientFrame;
      try {
        frame = decodeClientFrame(data.toString(), opts.maxFrameBytes);
      } catch (err) {
        if (err instanceof ProtocolError) {
          sendError(ws, err.code, err.message);
          return;
        }
        throw err;
      }
      handle(ws, frame);
    });
    ws.on('close', () => {
      for (const id of joined.get(ws) ?? []) {
        const room = rooms.get(id);
        room?.members.delete(ws);
      }
      joined.delete(ws);
    });
    ws.on('error', () => ws.terminate());
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  opts.logger?.info({ port }, 'relay listening');

  return {
    url: `ws://${opts.host}:${port}`,
    port,
    close: async () => {
      for (const ws of wss.clients) ws.close(1001, 'relay shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
    },
  };
}

export { CLOSE_TOO_BIG };
