/**
 * The chat inside the relay's `/embed` frame (built as `cryptalk-frame.js`): the panel and the SDK run
 * here, in the relay's origin, so keys, plaintext and IndexedDB are out of the host page's reach. The host
 * page's shell may only configure the look, send text as the user and move focus ({@link FRAME_SCHEMA}),
 * from the one origin the relay let embed this page (`?origin=`, enforced by CSP `frame-ancestors`).
 *
 * @module
 */
import { serveRemote, windowChannel } from '@cryptalk/sdk/remote';
import type { ChatBackend } from '../backend/chat-backend.js';
import { ClientBackend } from '../backend/client-backend.js';
import { preloadDeviceStoreCode } from '../backend/device-store.js';
import '../components/panel/panel.js';
import { CryptalkActionEvent } from '../events/action-event.js';
import { CryptalkMessageEvent } from '../events/message-event.js';
import { Emitter } from '../internal/emitter.js';
import { parsePersist } from '../placement/placement.js';
import type { FrameConfig, FrameEvents } from './frame-protocol.js';
import { FRAME_SCHEMA } from './frame-schema.js';

/** The part of `<cryptalk-panel>` the frame drives. */
interface PanelElement extends HTMLElement {
  backend: ChatBackend | undefined;
  room: string;
  brand: string;
  logo: string;
  locale: string;
  mode: string;
  active: boolean;
  send(text: string): Promise<void>;
  focusFirst(): void;
}

class FrameEmitter extends Emitter<FrameEvents> {
  fire<K extends keyof FrameEvents>(event: K, payload: FrameEvents[K]): void {
    this.emit(event, payload);
  }
}

const PAGE_CSS =
  'html,body{margin:0;height:100%;overflow:hidden;background:transparent}cryptalk-panel{display:block;height:100%}';

/** The host page's origin, when this page is framed by it as the relay allowed; otherwise undefined. */
function hostOrigin(): string | undefined {
  const origin = new URL(location.href).searchParams.get('origin') ?? '';
  if (window.parent === window || !/^https?:\/\/[^/?#\s]+$/.test(origin)) return undefined;
  // Defence in depth beside CSP frame-ancestors: the browser's record of who frames us must agree.
  const ancestor = location.ancestorOrigins?.[0];
  if (ancestor !== undefined && ancestor !== 'null' && ancestor !== origin) return undefined;
  return origin;
}

function start(origin: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PAGE_CSS);
  document.adoptedStyleSheets = [sheet];
  const relay = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
  const panel = document.createElement('cryptalk-panel') as PanelElement;
  // The device store lives in the relay's origin: the host page can neither read nor use it.
  const persist = parsePersist(new URL(location.href).searchParams.get('persist'));
  // a first visit's Dexie chunk (it creates the store) loads while the panel renders and the host configures it
  if (persist !== 'none') void preloadDeviceStoreCode();
  // The frame is the SDK's page: the client is part of this file, not a further chunk. Its relay is always
  // the one serving it (never the `memory:` demo), so the in-memory backend is not part of the frame.
  panel.backend = new ClientBackend({ relay, inviteBase: '', persist });
  const events = new FrameEmitter();
  let tokens: string[] = [];
  let placed = false;
  const target = {
    configure(config: FrameConfig): void {
      const root = document.documentElement;
      for (const name of tokens) root.style.removeProperty(name);
      tokens = Object.keys(config.tokens);
      // CSSOM, not markup: allowed under the page's `style-src 'self'`.
      for (const [name, value] of Object.entries(config.tokens)) root.style.setProperty(name, value);
      root.lang = config.locale;
      panel.room = config.room;
      panel.brand = config.brand;
      panel.logo = config.logo;
      panel.locale = config.locale;
      panel.mode = config.mode;
      panel.active = config.active;
      document.title = config.brand;
      if (!placed) {
        placed = true;
        document.body.append(panel);
      }
    },
    send: (text: string) => panel.send(text),
    focus: () => panel.focusFirst(),
    on: events.on.bind(events),
  };
  panel.addEventListener(CryptalkMessageEvent.type, (e) => {
    const m = (e as CryptalkMessageEvent).message;
    events.fire('notice', { id: m.id, own: m.own, sentAt: m.sentAt });
  });
  panel.addEventListener(CryptalkActionEvent.type, (e) => {
    if ((e as CryptalkActionEvent).action === 'close') events.fire('action', { action: 'close' });
  });
  serveRemote(target, windowChannel({ peer: window.parent, targetOrigin: origin }), FRAME_SCHEMA);
  events.fire('ready', { version: 1 });
}

const origin = hostOrigin();
if (origin) start(origin);
