import { ClientError } from '../errors.js';
import {
  type ClientFrame,
  decodeServerFrame,
  encodeFrame,
  type ServerFrame,
  WS_SUBPROTOCOL,
} from '../protocol/index.js';
import { type WebSocketConstructor, type WebSocketLike, WS_OPEN } from './websocket-like.js';

/** What a {@link Connection} reports to its owner. */
export interface ConnectionHandlers {
  /** A decoded frame from the relay. */
  onFrame(frame: ServerFrame): void;
  /** The relay sent something that does not decode. */
  onBadFrame(err: ClientError): void;
  /** The socket closed. */
  onClose(code: number, reason: string): void;
}

/**
 * One WebSocket to the relay: opens it with the protocol's subprotocol, decodes every frame strictly and
 * encodes outgoing ones.
 */
export class Connection {
  private constructor(private readonly ws: WebSocketLike) {}

  /**
   * Opens a WebSocket to `url`.
   * @throws ClientError `CLIENT_CONNECT_FAILED` when it does not open.
   */
  static open(url: string, Ctor: WebSocketConstructor, handlers: ConnectionHandlers): Promise<Connection> {
    return new Promise((resolve, reject) => {
      let ws: WebSocketLike;
      try {
        ws = new Ctor(url, [WS_SUBPROTOCOL]);
      } catch (err) {
        reject(ClientError.connectFailed(err));
        return;
      }
      let opened = false;
      ws.addEventListener('open', () => {
        opened = true;
        resolve(new Connection(ws));
      });
      ws.addEventListener('error', (ev) => {
        if (!opened) reject(ClientError.connectFailed(ev));
      });
      ws.addEventListener('close', (ev) => {
        if (!opened) reject(ClientError.connectFailed());
        else handlers.onClose(ev.code, ev.reason);
      });
      ws.addEventListener('message', (ev) => {
        if (typeof ev.data !== 'string') {
          handlers.onBadFrame(ClientError.badFrame(new TypeError('binary frame')));
          return;
        }
        let frame: ServerFrame;
        try {
          frame = decodeServerFrame(ev.data);
        } catch (err) {
          handlers.onBadFrame(ClientError.badFrame(err));
          return;
        }
        handlers.onFrame(frame);
      });
    });
  }

  /** Whether the socket is open. */
  get isOpen(): boolean {
    return this.ws.readyState === WS_OPEN;
  }

  /**
   * Sends a frame.
   * @throws ClientError `CLIENT_NOT_CONNECTED` when the socket is not open.
   */
  send(frame: ClientFrame): void {
    if (!this.isOpen) throw ClientError.notConnected();
    this.ws.send(encodeFrame(frame));
  }

  /** Closes the socket. */
  close(): void {
    this.ws.close(1000, 'client closing');
  }
}
