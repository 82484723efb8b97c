/** What a story renders with: the switchers' current values. */
export interface StoryContext {
  locale: string;
  theme: 'light' | 'dark';
}

/** One state of one component. */
export interface Story {
  /** The component's tag, e.g. `cryptalk-composer`. */
  component: string;
  /** The state, e.g. `replying`. */
  name: string;
  /** Builds the story's DOM. */
  render(ctx: StoryContext): HTMLElement;
}
