import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-message-list>`. */
export const messageListStyles = [
  sharedStyles,
  css`
    :host {
      display: flex;
      flex-direction: column;
      min-height: 0;
      --_bubble: var(--cryptalk-message-list-bubble, ${t('color-bubble')});
    }
    .scroller {
      flex: 1;
      min-height: 0;
      /* No space above the virtual list: its layout places rows from the top of the scroller's content. */
      padding-block: 0 ${t('space')};
      position: relative;
      overflow: auto;
      /* New rows lay out inside the list without laying out the panel around it. */
      contain: size layout;
    }
    .row {
      width: 100%;
      padding: 3px calc(${t('space')} * 1.5);
      display: flex;
      flex-direction: column;
      align-items: flex-start;
    }
    .row.own {
      align-items: flex-end;
    }
    .bubble {
      position: relative;
      max-width: 82%;
      padding: 6px 10px;
      border-radius: ${t('radius-bubble')};
      background: var(--_bubble);
      overflow-wrap: anywhere;
    }
    .own .bubble {
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    .bubble a {
      color: inherit;
      text-decoration: underline;
      text-underline-offset: 2px;
    }
    .meta {
      font-size: 0.8em;
      color: ${t('color-muted')};
      display: flex;
      gap: 6px;
      margin-block-end: 2px;
    }
    .author {
      font-weight: 600;
    }
    .quote {
      border-inline-start: 3px solid currentColor;
      padding-inline-start: 6px;
      margin-block-end: 4px;
      opacity: 0.85;
      font-size: 0.9em;
    }
    .text {
      white-space: pre-wrap;
    }
    .deleted {
      font-style: italic;
      opacity: 0.8;
    }
    .edited,
    .status {
      font-size: 0.75em;
      opacity: 0.85;
      margin-inline-start: 6px;
    }
    .attachment {
      display: flex;
      gap: 6px;
      align-items: center;
    }
    .reactions {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-block-start: 2px;
    }
    .reaction {
      border: 1px solid ${t('color-border')};
      border-radius: 999px;
      background: ${t('color-surface')};
      padding: 0 8px;
      min-height: 26px;
    }
    .reaction[aria-pressed='true'] {
      border-color: ${t('color-accent')};
      background: ${t('color-surface-raised')};
    }
    .actions {
      display: flex;
      gap: 2px;
      opacity: 0;
      height: 0;
      overflow: hidden;
    }
    .row:hover .actions,
    .row:focus-within .actions {
      opacity: 1;
      height: auto;
      overflow: visible;
    }
    .actions button {
      border: 0;
      background: transparent;
      color: ${t('color-muted')};
      font-size: 0.8em;
      min-height: 24px;
      min-width: 24px;
      padding: 2px 6px;
      border-radius: ${t('radius-input')};
    }
    .actions button:hover {
      background: ${t('color-surface-raised')};
      color: ${t('color-text')};
    }
    .typing,
    .empty {
      padding: 4px calc(${t('space')} * 1.5);
      color: ${t('color-muted')};
      font-size: 0.85em;
      min-height: 1.6em;
    }
    .empty {
      margin: auto;
      text-align: center;
      padding: calc(${t('space')} * 3);
    }
    /* An escrow offer's placeholder: the list's own until the offer rendering loads, then that rendering's. */
    .offer-placeholder {
      font-style: italic;
      min-height: 2.5em;
    }
  `,
];
