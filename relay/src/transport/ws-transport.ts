import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WS_SUBPROTOCOL } from '@cryptalk/sdk/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Conn, ConnHandlers, UpgradeDecision } from './conn.js';

/** What the transport asks of the layers above it. */
export interface TransportHooks {
  /** Decides on an upgrade from its Origin header and client IP, before any WebSocket exists. */
  decideUpgrade(origin: string | undefined, ip: string): UpgradeDecision;
  /** A WebSocket opened; returns its handlers. */
  open(conn: Conn): ConnHandlers;
  /** A plain HTTP request. */
  http(req: IncomingMessage, res: ServerResponse, ip: string): void;
  /** A connection was cut off as a slow consumer. */
  slowConsumer(): void;
}

/** Options of the transport. */
export interface TransportOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  slowConsumerBytes: number;
  trustProxy: boolean;
}

/** Frames up to this multiple of the frame limit reach the decoder (which answers with a typed error). */
const HARD_CEILING_FACTOR = 4;
/** Send options: always a text frame, also when the payload is a pre-encoded Buffer. */
const TEXT = { binary: false } as const;
/** A droppable frame is not sent when this fraction of the slow-consumer cap is already queued. */
const DROPPABLE_FRACTION = 0.25;

/**
 * A socket's write batching within one event-loop turn: its first frame leaves at once, the ones after it are
 * corked until the turn's flush.
 */
interface Batch {
  readonly socket: Socket;
  /** A frame was already written to this socket in this turn. */
  written: boolean;
  corked: boolean;
}

/**
 * One port for HTTP and WebSocket (Node http + ws). Knows bytes and sockets only: decides upgrades through a
 * hook, enforces the hard frame ceiling and the slow-consumer cap, and hands text up.
 */
export class WsTransport {
  readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private accepting = true;
  /** Sockets written to in this event-loop turn, reset (and uncorked) together by {@link WsTransport.flush}. */
  private touched: Batch[] = [];
  private readonly flush = (): void => {
    const batches = this.touched;
    this.touched = [];
    for (const b of batches) {
      b.written = false;
      if (b.corked) {
        b.corked = false;
        b.socket.uncork();
      }
    }
  };

  /**
   * @param opts - listen address and byte limits.
   * @param hooks - the layers above.
   */
  constructor(
    private readonly opts: TransportOptions,
    private readonly hooks: TransportHooks,
  ) {
    this.server = createServer((req, res) => this.hooks.http(req, res, this.ipOf(req)));
    this.server.keepAliveTimeout = 5000;
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 60_000;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: opts.maxFrameBytes * HARD_CEILING_FACTOR,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const ip = this.ipOf(req);
      const decision: UpgradeDecision = this.accepting
        ? this.hooks.decideUpgrade(req.headers.origin, ip)
        : { ok: false, status: 503, reason: 'shutting down' };
      if (!decision.ok) {
        socket.end(
          `HTTP/1.1 ${decision.status} ${decision.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket, ip));
    });
  }

  private ipOf(req: IncomingMessage): string {
    if (this.opts.trustProxy) {
      const fwd = req.headers['x-forwarded-for'];
      const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
      if (first) return first.slice(0, 64);
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /**
   * Called before each frame written to a socket. The first frame of an event-loop turn goes out at once, so a
   * fan-out to many sockets streams to the first of them while it is still writing to the rest (a socket that
   * gets one frame per turn gains nothing from waiting). From the second frame on the socket is corked until
   * the end of the turn (the check phase, right after the poll phase that read the frames these answer): the
   * rest leave in one `writev` instead of one system call each. Order and content are unchanged; nothing
   * waits for a timer.
   */
  private batch(b: Batch): void {
    if (!b.written) {
      b.written = true;
      if (this.touched.push(b) === 1) setImmediate(this.flush);
      return;
    }
    if (b.corked) return;
    b.corked = true;
    b.socket.cork();
  }

  private accept(ws: WebSocket, socket: Socket, ip: string): void {
    this.sockets.add(ws);
    const cap = this.opts.slowConsumerBytes;
    let open = true;
    let handlers: ConnHandlers | undefined;
    const batch: Batch = { socket, written: false, corked: false };
    const conn: Conn = {
      ip,
      get open() {
        return open && ws.readyState === ws.OPEN;
      },
      send: (text) => {
        if (!conn.open) return;
        this.batch(batch);
        ws.send(text, TEXT);
        if (ws.bufferedAmount > cap) {
          this.hooks.slowConsumer();
          open = false;
          ws.terminate();
        }
      },
      sendDroppable: (text) => {
        if (!conn.open || ws.bufferedAmount > cap * DROPPABLE_FRACTION) return false;
        this.batch(batch);
        ws.send(text);
        return true;
      },
      close: (code, reason) => {
        if (!open) return;
        open = false;
        ws.close(code, reason);
        // A peer that never answers the close handshake is cut off.
        setTimeout(() => ws.terminate(), 2000).unref();
      },
    };
    ws.on('message', (data, isBinary) => {
      if (!open) return;
      if (isBinary) handlers?.onBinary();
      else handlers?.onText(data.toString());
    });
    ws.on('close', () => {
      open = false;
      this.sockets.delete(ws);
      handlers?.onClose();
    });
    ws.on('error', () => ws.terminate());
    handlers = this.hooks.open(conn);
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Refuses new upgrades and HTTP connections from now on. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Open WebSockets. */
  get size(): number {
    return this.sockets.size;
  }

  /** Waits until every WebSocket has closed or `timeoutMs` passed, then terminates the rest. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const ws of this.sockets) ws.terminate();
  }

  /** Closes the listener and every remaining HTTP connection. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
