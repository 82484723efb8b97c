import { css, unsafeCSS } from 'lit';
import { type TokenName, tokenVar } from '../themes/index.js';

/**
 * A token as a Lit CSS value with its light default, e.g. `${t('color-accent')}`.
 * @param name - the token.
 */
export const t = (name: TokenName) => unsafeCSS(tokenVar(name));

/** Styles every component shares: box sizing, hidden, visually hidden text, focus ring, buttons. */
export const sharedStyles = css`
  :host {
    box-sizing: border-box;
    font-family: ${t('font-family')};
    font-size: ${t('font-size')};
    color: ${t('color-text')};
    line-height: 1.45;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid ${t('color-focus')};
    outline-offset: 2px;
  }
  .icon-button {
    display: inline-grid;
    place-items: center;
    min-width: 32px;
    min-height: 32px;
    padding: 4px;
    border: 0;
    border-radius: ${t('radius-input')};
    background: transparent;
  }
  .icon {
    display: block;
    flex: none;
  }
  .icon-button:hover {
    background: ${t('color-surface-raised')};
  }
`;
