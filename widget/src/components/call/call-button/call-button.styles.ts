import { css } from 'lit';
import { sharedStyles, t } from '../../../internal/shared-styles.js';

/** Styles of `<cryptalk-call-button>`. */
export const callButtonStyles = [
  sharedStyles,
  css`
    :host {
      display: inline-block;
    }
    button {
      width: var(--ct-call-button-size, 36px);
      height: var(--ct-call-button-size, 36px);
      color: ${t('color-text')};
    }
    button:disabled {
      cursor: not-allowed;
      color: ${t('color-muted')};
    }
  `,
];
