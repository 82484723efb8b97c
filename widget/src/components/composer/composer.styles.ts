import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-composer>`. */
export const composerStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      border-block-start: 1px solid ${t('color-border')};
      background: ${t('color-surface')};
    }
    .banner,
    .upload {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 4px ${t('space')};
      font-size: 0.85em;
      color: ${t('color-muted')};
    }
    .banner span,
    .upload span {
      flex: 1;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    progress {
      width: 80px;
      accent-color: ${t('color-accent')};
    }
    form {
      display: flex;
      align-items: flex-end;
      gap: 4px;
      padding: ${t('space')};
    }
    textarea {
      flex: 1;
      resize: none;
      min-height: 36px;
      max-height: 140px;
      padding: 7px 10px;
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface')};
    }
    .send {
      min-height: 36px;
      padding: 0 14px;
      border: 0;
      border-radius: ${t('radius-input')};
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
      font-weight: 600;
    }
    .emoji-grid {
      display: grid;
      grid-template-columns: repeat(8, 1fr);
      gap: 2px;
      padding: 4px ${t('space')};
    }
    .emoji-grid button {
      border: 0;
      background: transparent;
      font-size: 1.2em;
      min-height: 32px;
      border-radius: ${t('radius-input')};
    }
    .emoji-grid button:hover {
      background: ${t('color-surface-raised')};
    }
    :host([dragging]) form {
      outline: 2px dashed ${t('color-accent')};
      outline-offset: -4px;
    }
    .drop {
      padding: 4px ${t('space')};
      color: ${t('color-accent')};
      font-size: 0.85em;
    }
    .error {
      padding: 4px ${t('space')};
      color: ${t('color-danger')};
      font-size: 0.85em;
    }
  `,
];
