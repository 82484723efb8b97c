// Turns the catalogue's stories (src/stories.ts) into Component Story Format for Storybook.
import { STORIES } from './stories.js';
import type { StoryContext } from './story.js';

/** The toolbar values a story renders with. */
export interface Globals {
  globals: { theme?: string; locale?: string };
}

/** A story in Component Story Format: its name and how it renders. */
export interface CsfStory {
  /** The state's name, as the sidebar shows it. */
  name: string;
  /** Renders the state with the toolbar values. */
  render: (args: unknown, ctx: Globals) => HTMLElement;
}

/**
 * One story: the catalogue entry for `component` named `name`, rendered with the theme and locale toolbars.
 * @throws Error when no such entry exists (a stale story file fails the build's render test).
 */
export function story(component: string, name: string): CsfStory {
  const entry = STORIES.find((s) => s.component === component && s.name === name);
  if (!entry) throw new Error(`no story "${name}" for <${component}> in src/stories.ts`);
  return {
    name,
    render: (_args, { globals }) => {
      const ctx: StoryContext = {
        theme: globals.theme === 'dark' ? 'dark' : 'light',
        locale: globals.locale ?? 'en',
      };
      return entry.render(ctx);
    },
  };
}
