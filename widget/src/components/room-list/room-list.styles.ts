import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-room-list>`. */
export const roomListStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      overflow-y: auto;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: ${t('space')} 0;
    }
    .room {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 2px 8px;
      width: 100%;
      padding: 10px calc(${t('space')} * 1.5);
      border: 0;
      background: transparent;
      text-align: start;
    }
    .room:hover {
      background: ${t('color-surface-raised')};
    }
    .name {
      font-weight: 600;
    }
    .last {
      grid-column: 1;
      color: ${t('color-muted')};
      font-size: 0.9em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .badge {
      grid-row: 1 / span 2;
      grid-column: 2;
      align-self: center;
      min-width: 22px;
      padding: 0 6px;
      border-radius: 999px;
      background: ${t('color-badge')};
      color: ${t('color-on-badge')};
      font-size: 0.8em;
      text-align: center;
    }
    .empty {
      padding: calc(${t('space')} * 3);
      text-align: center;
      color: ${t('color-muted')};
    }
  `,
];
