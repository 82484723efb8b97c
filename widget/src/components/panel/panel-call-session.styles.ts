import { css } from 'lit';
import { t } from '../../internal/shared-styles.js';

/**
 * Styles of what the panel's call session renders (panel-call-session.ts: the call view's layer over the
 * messages, the compact "call in progress" bar, the ringing card), adopted by the panel when the session
 * loads; the header's call buttons and the failure bar are styled by the panel itself.
 */
export const panelCallSessionStyles = css`
  .call-layer {
    position: absolute;
    inset: 0;
    z-index: 2;
    display: flex;
    flex-direction: column;
    background: ${t('color-surface')};
  }
  .call-layer cryptalk-call-view {
    flex: 1;
    min-height: 0;
  }
  .show-messages,
  .call-bar button {
    align-self: flex-start;
    margin: 6px ${t('space')};
    padding: 2px 12px;
    min-height: 30px;
    border: 1px solid ${t('color-border')};
    border-radius: ${t('radius-input')};
    background: ${t('color-surface-raised')};
    color: ${t('color-text')};
  }
  .call-bar {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding-inline-start: calc(${t('space')} * 1.5);
    background: ${t('color-surface-raised')};
    border-block-end: 1px solid ${t('color-border')};
    font-size: 0.9em;
  }
  cryptalk-incoming-call {
    margin: ${t('space')};
  }
`;
