// The story catalogue: a sidebar of every component and state, theme and locale switchers, and a canvas.
// Routing is in the hash (#story=<index>&theme=dark&locale=ar) so every state has a shareable URL.
import '@cryptalk/widget/define';
import { availableLocales, presetDeclarations } from '@cryptalk/widget';
import { STORIES } from './stories.js';

// The panel and its parts are defined by the chat core; load it now so component stories render at once.
const chatCtor = customElements.get('cryptalk-chat') as unknown as { loadCore?: () => Promise<unknown> };
await chatCtor.loadCore?.();

const sheet = new CSSStyleSheet();
sheet.replaceSync(
  `.ct-light{${presetDeclarations('light')}}.ct-dark{${presetDeclarations('dark')}}` +
    `.canvas.ct-dark{background:#0d0f12}.canvas.ct-light{background:#e9edf3}`,
);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const state = () => {
  const p = new URLSearchParams(location.hash.slice(1));
  return {
    story: Math.min(STORIES.length - 1, Math.max(0, Number(p.get('story') ?? 0))),
    theme: (p.get('theme') === 'dark' ? 'dark' : 'light') as 'light' | 'dark',
    locale: p.get('locale') ?? 'en',
  };
};
const go = (patch: Partial<ReturnType<typeof state>>) => {
  const s = { ...state(), ...patch };
  location.hash = `story=${s.story}&theme=${s.theme}&locale=${s.locale}`;
};

const nav = document.querySelector('nav') as HTMLElement;
const canvas = document.querySelector('.canvas') as HTMLElement;
const title = document.querySelector('#story-title') as HTMLElement;
const themeSelect = document.querySelector('#theme') as HTMLSelectElement;
const localeSelect = document.querySelector('#locale') as HTMLSelectElement;

for (const code of availableLocales()) localeSelect.append(new Option(code, code));
themeSelect.addEventListener('change', () => go({ theme: themeSelect.value as 'light' | 'dark' }));
localeSelect.addEventListener('change', () => go({ locale: localeSelect.value }));

let group = '';
let list: HTMLUListElement | undefined;
STORIES.forEach((story, i) => {
  if (story.component !== group) {
    group = story.component;
    const h = document.createElement('h2');
    h.textContent = `<${group}>`;
    list = document.createElement('ul');
    nav.append(h, list);
  }
  const li = document.createElement('li');
  const a = document.createElement('a');
  a.href = `#story=${i}`;
  a.textContent = story.name;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    go({ story: i });
  });
  li.append(a);
  list?.append(li);
});

function show(): void {
  const s = state();
  const story = STORIES[s.story];
  if (!story) return;
  themeSelect.value = s.theme;
  localeSelect.value = s.locale;
  title.textContent = `<${story.component}> — ${story.name}`;
  canvas.className = `canvas ct-${s.theme}`;
  canvas.dataset.story = String(s.story);
  canvas.replaceChildren(story.render({ theme: s.theme, locale: s.locale }));
  for (const a of nav.querySelectorAll('a'))
    a.toggleAttribute('aria-current', a.getAttribute('href') === `#story=${s.story}`);
  document.title = `${story.component} · ${story.name} — CrypTalk stories`;
}

window.addEventListener('hashchange', show);
show();
(window as unknown as { storyCount: number }).storyCount = STORIES.length;
