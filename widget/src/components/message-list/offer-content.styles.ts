import { css } from 'lit';
import { t } from '../../internal/shared-styles.js';

/**
 * Styles of offer messages in `<cryptalk-message-list>` (see offer-content.ts), adopted by a list when it loads
 * their rendering; the placeholder's (`.offer-placeholder`) are the list's own, as it shows one until then.
 */
export const offerContentStyles = css`
  /* A card brings its own box: its bubble steps aside. */
  .bubble:has(> [part='escrow']) {
    background: none;
    padding: 0;
    max-width: min(100%, 360px);
    width: 100%;
    color: ${t('color-text')};
  }
  .offer-card {
    display: block;
  }
  .offer-card > * {
    display: block;
  }
  .offer-text {
    display: block;
    max-height: 6em;
    overflow: hidden;
    font-family: ui-monospace, monospace;
    font-size: 0.85em;
    word-break: break-all;
  }
  .offer-warning {
    margin: 4px 0 0;
    font-weight: 600;
    color: inherit;
  }
  .offer-warning::before {
    content: '⚠ ';
  }
`;
