import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-safety-number>`. */
export const safetyNumberStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      padding: calc(${t('space')} * 2);
      overflow-y: auto;
    }
    p {
      margin: 0 0 ${t('space')};
      color: ${t('color-muted')};
    }
    .digits {
      display: grid;
      grid-template-columns: repeat(4, auto);
      justify-content: center;
      gap: 6px 14px;
      margin: calc(${t('space')} * 2) 0;
      font-family: 'DejaVu Sans Mono', ui-monospace, monospace;
      font-size: 1.15em;
      direction: ltr;
    }
    button {
      width: 100%;
      min-height: 36px;
      border: 0;
      border-radius: ${t('radius-input')};
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    .verified {
      text-align: center;
      font-weight: 600;
    }
  `,
];
