import { css } from 'lit';
import { sharedStyles, t } from '../../../internal/shared-styles.js';

/** Styles of `<cryptalk-device-picker>`. */
export const devicePickerStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .picker {
      display: grid;
      gap: ${t('space')};
    }
    .field {
      display: grid;
      gap: 4px;
    }
    .field span {
      font-weight: 600;
    }
    select {
      min-height: 34px;
      padding: 4px 8px;
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface')};
      max-width: 100%;
    }
    .switch {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      justify-self: start;
      min-height: 34px;
      padding: 0 12px;
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface-raised')};
    }
    .empty {
      margin: 0;
      color: ${t('color-muted')};
    }
  `,
];
