import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-panel>`. */
export const panelStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      height: 100%;
      min-height: 0;
    }
    .panel {
      position: relative;
      display: flex;
      flex-direction: column;
      height: 100%;
      background: ${t('color-surface')};
      color: ${t('color-text')};
      border-radius: ${t('radius')};
      box-shadow: ${t('shadow')};
      overflow: hidden;
    }
    :host([mode='inline']) .panel,
    :host([mode='page']) .panel {
      border-radius: 0;
      box-shadow: none;
    }
    :host([mode='inline']) .panel {
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius')};
    }
    header {
      display: flex;
      align-items: center;
      gap: 4px;
      min-height: 52px;
      padding: 6px ${t('space')};
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    header .icon-button:hover {
      background: rgb(255 255 255 / 0.15);
    }
    header :focus-visible {
      outline-color: ${t('color-on-accent')};
    }
    .title {
      flex: 1;
      display: flex;
      align-items: center;
      gap: 8px;
      min-width: 0;
      margin: 0 4px;
      font-size: 1.05em;
      font-weight: 600;
    }
    .title span {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .logo {
      width: 28px;
      height: 28px;
      border-radius: 50%;
      object-fit: cover;
    }
    .status {
      font-size: 0.78em;
      padding: 2px 8px;
      border-radius: 999px;
      border: 1px solid currentColor;
      white-space: nowrap;
    }
    .toolbar {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 4px calc(${t('space')} * 1.5);
      border-block-end: 1px solid ${t('color-border')};
      font-size: 0.85em;
      color: ${t('color-muted')};
    }
    select {
      background: ${t('color-surface')};
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      padding: 2px 4px;
      color: ${t('color-text')};
    }
    .error {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px calc(${t('space')} * 1.5);
      background: ${t('color-surface-raised')};
      color: ${t('color-danger')};
      font-size: 0.9em;
    }
    .error span {
      flex: 1;
    }
    .error button {
      border: 1px solid ${t('color-danger')};
      background: transparent;
      color: ${t('color-danger')};
      border-radius: ${t('radius-input')};
      padding: 2px 10px;
      min-height: 30px;
    }
    .view {
      position: relative;
      flex: 1;
      display: flex;
      flex-direction: column;
      min-height: 0;
    }
    header .icon-button:disabled {
      opacity: 0.55;
      cursor: default;
    }
    cryptalk-message-list {
      flex: 1;
    }
    cryptalk-room-list {
      flex: 1;
    }
  `,
];
