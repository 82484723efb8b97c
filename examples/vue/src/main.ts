// The CrypTalk widget in a Vue 3 app: render functions (no template compiler, so the page also runs under
// a CSP without 'unsafe-eval'); the element's events are plain DOM events, its methods reached by a ref.
import '@cryptalk/widget/define';
import type { CryptalkChat, CryptalkUnreadEvent } from '@cryptalk/widget';
import { createApp, defineComponent, h, ref } from 'vue';

const relay = new URLSearchParams(location.search).get('relay') ?? 'ws://127.0.0.1:8787';

const App = defineComponent({
  setup() {
    const chat = ref<CryptalkChat | null>(null);
    const unread = ref(0);
    const opened = ref(0);
    return () =>
      h('main', [
        h('h1', 'A Vue shop'),
        h('p', { id: 'status' }, `Unread: ${unread.value} · opened ${opened.value} times`),
        h('button', { id: 'help', type: 'button', onClick: () => chat.value?.show() }, 'Ask for help'),
        h('cryptalk-chat', {
          ref: chat,
          relay,
          room: 'vue-demo-room-0123456789',
          brand: 'Vue shop',
          'onCryptalk-unread': (e: CryptalkUnreadEvent) => {
            unread.value = e.count;
          },
          'onCryptalk-open': () => {
            opened.value++;
          },
        }),
      ]);
  },
});

createApp(App).mount('#app');
