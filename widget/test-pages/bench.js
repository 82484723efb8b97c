// Measures, in this page: script tag → defined element; open() → first rendered room; frame times while
// scrolling N messages. ?relay=ws://… uses a real relay (room join over loopback), otherwise the in-memory
// backend; ?messages=N seeds the history (memory only). A page opened on an invite link (…#ct1.…, with
// ?relay=) joins that room: the widget opens by itself as it is defined, and `readyAtMs` (from the start of
// navigation) is when the joined room's composer is enabled. Results land in window.benchResult.
const params = new URLSearchParams(location.search);
const relay = params.get('relay');
const count = Number(params.get('messages') ?? 10000);
const chat = document.querySelector('cryptalk-chat');
const result = {};
const joining = relay && location.hash.startsWith('#ct1.');
// A joiner's widget opens as soon as it is defined, so it must know its relay before.
if (joining) chat.setAttribute('relay', relay);

const t0 = performance.now();
const script = document.createElement('script');
script.src = '/dist/cryptalk.js';
document.head.append(script);
await customElements.whenDefined('cryptalk-chat');
result.defineMs = performance.now() - t0;

const deep = (root, sel) => {
  const found = root.querySelector(sel);
  if (found) return found;
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const inner = deep(el.shadowRoot, sel);
      if (inner) return inner;
    }
  }
  return null;
};
const frame = () => new Promise((r) => requestAnimationFrame(r));

if (relay) {
  if (!joining) chat.setAttribute('relay', relay);
} else {
  // The demo backend is a lazy chunk beside the UI (the core's loadMemoryBackend()); a base build from
  // before that (CRYPTALK_BENCH_WIDGET_BASE) exports it from the core.
  const core = await import('/dist/cryptalk-core.js');
  const { MemoryBackend, MemoryHub } = core.loadMemoryBackend ? await core.loadMemoryBackend() : core;
  const hub = new MemoryHub();
  hub.seed(
    chat.getAttribute('room'),
    Array.from({ length: count }, (_, i) => ({
      author: i % 3 ? 'Mina' : 'You',
      text: `Message ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 4))}`,
    })),
  );
  chat.backend = new MemoryBackend({ hub, userName: 'You' });
}
const t1 = performance.now();
await window.CrypTalk.open();
// "First rendered room": the composer is ready (connected) and, with history, a message row is on screen.
for (let i = 0; i < 2000; i++) {
  const send = deep(chat.shadowRoot, '[part=send]');
  const hasRow = relay || deep(chat.shadowRoot, '[part=message]');
  if (send && !send.disabled && hasRow) break;
  await frame();
}
result.openToRoomMs = performance.now() - t1;
result.readyAtMs = performance.now();

if (!relay) {
  // A room of more than 80 messages (the list's MESSAGE_LIST_PLAIN_MAX) scrolls in the virtual list, which
  // loads beside the UI when a room first needs it (earlier builds had it at once): scroll once it is there.
  if (count > 80) for (let i = 0; i < 2000 && !deep(chat.shadowRoot, '.history'); i++) await frame();
  const scroller = deep(chat.shadowRoot, '.scroller');
  scroller.scrollTop = 0;
  await frame();
  await frame();
  const deltas = [];
  let last = performance.now();
  const frames = Number(params.get('frames') ?? 240);
  for (let i = 0; i < frames; i++) {
    scroller.scrollTop += 400;
    await frame();
    const now = performance.now();
    deltas.push(now - last);
    last = now;
  }
  deltas.sort((a, b) => a - b);
  const q = (p) => deltas[Math.min(deltas.length - 1, Math.floor(p * deltas.length))];
  result.frames = { count: deltas.length, p50: q(0.5), p95: q(0.95), max: deltas.at(-1) };
  result.rowsInDom = chat.shadowRoot
    .querySelector('cryptalk-panel')
    .shadowRoot.querySelector('cryptalk-message-list')
    .shadowRoot.querySelectorAll('[part=message]').length;
  result.scrolledTo = scroller.scrollTop;
}
window.benchResult = result;
