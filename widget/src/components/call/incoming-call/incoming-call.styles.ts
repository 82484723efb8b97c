import { css } from 'lit';
import { sharedStyles, t } from '../../../internal/shared-styles.js';

/** Styles of `<cryptalk-incoming-call>`. */
export const incomingCallStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .dialog {
      padding: calc(${t('space')} * 2);
      border-radius: ${t('radius')};
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border')};
      box-shadow: ${t('shadow')};
    }
    .caller {
      display: flex;
      align-items: center;
      gap: ${t('space')};
      margin: 0 0 calc(${t('space')} * 1.5);
      font-weight: 600;
    }
    .ring {
      color: ${t('color-accent')};
    }
    @media (prefers-reduced-motion: no-preference) {
      .ring {
        animation: ring 1.2s ease-in-out infinite;
      }
    }
    @keyframes ring {
      0%,
      100% {
        transform: rotate(0);
      }
      25% {
        transform: rotate(-12deg);
      }
      75% {
        transform: rotate(12deg);
      }
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${t('space')};
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: 40px;
      padding: 0 14px;
      border: 0;
      border-radius: 999px;
      font-weight: 600;
    }
    button:disabled {
      opacity: 0.7;
      cursor: progress;
    }
    .accept {
      background: var(--ct-call-accept-color, #116a3a);
      color: #fff;
    }
    .decline {
      background: ${t('color-badge')};
      color: ${t('color-on-badge')};
    }
  `,
];
