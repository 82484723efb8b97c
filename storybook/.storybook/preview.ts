// Theme and locale toolbars, applied to every story through its render context.
import '@cryptalk/widget/define';
import { availableLocales, loadTranslation, presetDeclarations } from '@cryptalk/widget';
import type { Preview } from '@storybook/web-components-vite';

// The panel and its parts are defined by the chat core; load it before any story renders.
const chatCtor = customElements.get('cryptalk-chat') as unknown as { loadCore?: () => Promise<unknown> };
await chatCtor.loadCore?.();
// Locales other than English load on first use; the catalogue switches between all of them, so load them now.
await Promise.all(availableLocales().map((code) => loadTranslation(code)));

const sheet = new CSSStyleSheet();
sheet.replaceSync(
  `.ct-light{${presetDeclarations('light')}}.ct-dark{${presetDeclarations('dark')}}` +
    'body.ct-dark{background:#0d0f12}body.ct-light{background:#e9edf3}',
);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Theme preset',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
    locale: {
      description: 'Locale',
      toolbar: { title: 'Locale', icon: 'globe', items: availableLocales(), dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  decorators: [
    (story, ctx) => {
      const theme = ctx.globals.theme === 'dark' ? 'dark' : 'light';
      document.body.classList.toggle('ct-dark', theme === 'dark');
      document.body.classList.toggle('ct-light', theme !== 'dark');
      return story();
    },
  ],
  parameters: { layout: 'centered' },
};

export default preview;
