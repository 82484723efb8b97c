// The CrypTalk widget in a React 19 app: the element is used like any DOM element; its DOM events and
// methods are reached through a ref. No JSX here so the example builds with esbuild alone (JSX works too).
import '@cryptalk/widget/define';
import type { CryptalkChat, CryptalkUnreadEvent } from '@cryptalk/widget';
import { createElement as h, StrictMode, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

const relay = new URLSearchParams(location.search).get('relay') ?? 'ws://127.0.0.1:8787';

function App() {
  const chat = useRef<CryptalkChat>(null);
  const [unread, setUnread] = useState(0);
  const [opened, setOpened] = useState(0);
  useEffect(() => {
    const el = chat.current;
    if (!el) return;
    const onUnread = (e: CryptalkUnreadEvent) => setUnread(e.count);
    const onOpen = () => setOpened((n) => n + 1);
    el.addEventListener('cryptalk-unread', onUnread);
    el.addEventListener('cryptalk-open', onOpen);
    return () => {
      el.removeEventListener('cryptalk-unread', onUnread);
      el.removeEventListener('cryptalk-open', onOpen);
    };
  }, []);
  return h(
    'main',
    null,
    h('h1', null, 'A React shop'),
    h('p', { id: 'status' }, `Unread: ${unread} · opened ${opened} times`),
    h('button', { id: 'help', type: 'button', onClick: () => chat.current?.show() }, 'Ask for help'),
    h('cryptalk-chat', { ref: chat, relay, room: 'react-demo-room-0123456789', brand: 'React shop' }),
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(h(StrictMode, null, h(App)));
