// Seeds a fixed conversation in the in-memory backend and opens the chat: ?theme=light|dark|auto&locale=en|ar.
// The demo backend is a lazy chunk beside the UI: the core's loadMemoryBackend() loads it.
const { MemoryBackend, MemoryHub } = await (await import('/dist/cryptalk-core.js')).loadMemoryBackend();
const params = new URLSearchParams(location.search);
const chat = document.querySelector('cryptalk-chat');
chat.setAttribute('theme', params.get('theme') ?? 'light');
chat.setAttribute('locale', params.get('locale') ?? 'en');
const room = chat.getAttribute('room');
const hub = new MemoryHub();
const t0 = Date.UTC(2026, 0, 15, 9, 30);
const rtl = params.get('locale') === 'ar';
hub.seed(room, [
  { author: 'Mina', text: rtl ? 'مرحبًا! كيف يمكنني مساعدتك؟' : 'Hi! How can I help you today?', sentAt: t0 },
  { author: 'You', text: rtl ? 'طلبي لم يصل بعد.' : 'My order has not arrived yet.', sentAt: t0 + 60_000 },
  {
    author: 'Mina',
    text: rtl ? 'سأتحقق من ذلك الآن.' : 'Let me check that for you right now.',
    sentAt: t0 + 120_000,
  },
]);
chat.backend = new MemoryBackend({ hub, userName: 'You' });
chat.show();
const ready = () => {
  const panel = chat.shadowRoot?.querySelector('cryptalk-panel');
  const list = panel?.shadowRoot?.querySelector('cryptalk-message-list');
  return (list?.shadowRoot?.querySelectorAll('[part=message]').length ?? 0) === 3;
};
const wait = () => {
  if (ready()) document.body.dataset.ready = 'true';
  else requestAnimationFrame(wait);
};
wait();
