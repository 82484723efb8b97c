import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-invite>`. */
export const inviteStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      padding: calc(${t('space')} * 2);
      overflow-y: auto;
    }
    .qr {
      display: block;
      width: 184px;
      height: 184px;
      margin: ${t('space')} auto;
      background: #fff;
      padding: 8px;
      border-radius: ${t('radius-input')};
    }
    .row {
      display: flex;
      gap: 6px;
    }
    input {
      flex: 1;
      min-width: 0;
      padding: 6px 8px;
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface')};
    }
    button {
      padding: 0 12px;
      min-height: 34px;
      border: 0;
      border-radius: ${t('radius-input')};
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    p {
      margin: 0 0 ${t('space')};
      color: ${t('color-muted')};
    }
  `,
];
