import { css } from 'lit';
import { sharedStyles, t } from '../../internal/shared-styles.js';

/** Styles of `<cryptalk-escrow-card>` (the folder is named for the manifest: `<dir>/<dir>.component.ts`). */
export const escrowCardStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
      max-width: 360px;
      --_background: var(--cryptalk-escrow-card-background, ${t('color-surface-raised')});
      --_border: var(--cryptalk-escrow-card-border, ${t('color-border')});
    }
    .card {
      border: 1px solid var(--_border);
      border-radius: ${t('radius')};
      background: var(--_background);
      padding: calc(${t('space')} * 1.5);
      display: grid;
      gap: ${t('space')};
    }
    .header {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: ${t('space')};
    }
    .item {
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .state {
      flex: none;
      font-size: 0.85em;
      padding: 2px 8px;
      border-radius: 999px;
      border: 1px solid currentColor;
    }
    .state.final {
      color: ${t('color-muted')};
    }
    dl {
      margin: 0;
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px calc(${t('space')} * 1.5);
    }
    dt {
      color: ${t('color-muted')};
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .address {
      font-family: ui-monospace, 'DejaVu Sans Mono', monospace;
      unicode-bidi: isolate;
      direction: ltr;
    }
    .amount {
      font-weight: 600;
      unicode-bidi: isolate;
    }
    .passed {
      color: ${t('color-danger')};
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .actions button,
    .connect,
    .switch {
      min-height: 32px;
      padding: 4px 12px;
      border: 0;
      border-radius: ${t('radius-input')};
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    .actions button.secondary {
      background: transparent;
      color: ${t('color-text')};
      border: 1px solid ${t('color-border')};
    }
    button[disabled] {
      cursor: progress;
      opacity: 0.7;
    }
    .wallet,
    .status {
      margin: 0;
      font-size: 0.9em;
      color: ${t('color-muted')};
    }
    .status:empty,
    .error:empty {
      display: none;
    }
    .status a {
      color: inherit;
    }
    .error {
      margin: 0;
      padding: 6px 8px;
      border-inline-start: 3px solid ${t('color-danger')};
      background: ${t('color-surface')};
      color: ${t('color-danger')};
    }
  `,
];
