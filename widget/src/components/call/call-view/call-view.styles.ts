import { css } from 'lit';
import { sharedStyles, t } from '../../../internal/shared-styles.js';

/** Styles of `<cryptalk-call-view>`. Logical properties only, so right-to-left locales mirror the layout. */
export const callViewStyles = [
  sharedStyles,
  css`
    :host {
      display: block;
    }
    .view {
      display: flex;
      flex-direction: column;
      gap: ${t('space')};
      padding: ${t('space')};
      background: ${t('color-surface')};
      border-radius: ${t('radius')};
      min-height: 100%;
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .status {
      font-weight: 600;
      margin-inline-end: auto;
    }
    .badge {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 2px 8px;
      border-radius: 999px;
      background: ${t('color-surface-raised')};
      color: ${t('color-text')};
      font-size: 0.86em;
    }
    .badge .icon {
      width: 14px;
      height: 14px;
    }
    .quality::before {
      content: '';
      inline-size: 8px;
      block-size: 8px;
      border-radius: 50%;
      background: #1f883d;
    }
    .quality.fair::before {
      background: #bf8700;
    }
    .quality.poor::before {
      background: ${t('color-danger')};
    }
    .notice,
    .problem {
      margin: 0;
      padding: ${t('space')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface-raised')};
      border-inline-start: 4px solid ${t('color-accent')};
    }
    .problem {
      border-inline-start-color: ${t('color-danger')};
    }
    .problem p {
      margin: 0 0 ${t('space')};
    }
    .notice-slot:empty {
      display: none;
    }
    .row {
      display: flex;
      gap: ${t('space')};
    }
    .primary,
    .secondary {
      min-height: 32px;
      padding: 0 12px;
      border-radius: ${t('radius-input')};
    }
    .primary {
      border: 0;
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
    }
    .secondary {
      border: 1px solid ${t('color-border')};
      background: ${t('color-surface')};
      margin-inline-start: ${t('space')};
    }
    .row .secondary {
      margin-inline-start: 0;
    }
    .stage {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 6px;
      min-height: 0;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(var(--ct-call-tile-min, 140px), 1fr));
      gap: 6px;
    }
    .with-screen .grid {
      grid-template-columns: repeat(auto-fill, minmax(96px, 1fr));
    }
    .tile {
      position: relative;
      aspect-ratio: 4 / 3;
      overflow: hidden;
      border-radius: ${t('radius-input')};
      background: var(--ct-call-stage-background, #0d0f12);
      outline: 3px solid transparent;
      outline-offset: -3px;
    }
    .screen-list .tile {
      aspect-ratio: 16 / 9;
    }
    .tile.speaking {
      outline-color: ${t('color-accent')};
    }
    video {
      display: block;
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
    }
    .screen-list video {
      object-fit: contain;
    }
    .mirror video {
      transform: scaleX(-1);
    }
    .avatar {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      font-size: 2.2em;
      font-weight: 700;
      color: #fff;
    }
    .name {
      position: absolute;
      inset-inline-start: 4px;
      inset-block-end: 4px;
      display: inline-flex;
      align-items: center;
      gap: 4px;
      max-inline-size: calc(100% - 8px);
      padding: 2px 6px;
      border-radius: 6px;
      background: rgb(0 0 0 / 0.72);
      color: #fff;
      font-size: 0.86em;
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .indicator .icon {
      width: 14px;
      height: 14px;
    }
    .controls {
      display: flex;
      justify-content: center;
      flex-wrap: wrap;
      gap: ${t('space')};
    }
    .toggle,
    .hang-up {
      display: inline-grid;
      place-items: center;
      inline-size: 44px;
      block-size: 44px;
      border-radius: 50%;
      border: 1px solid ${t('color-border')};
      background: ${t('color-surface-raised')};
      color: ${t('color-text')};
    }
    .toggle[aria-pressed='true'],
    .toggle[aria-expanded='true'] {
      background: ${t('color-accent')};
      color: ${t('color-on-accent')};
      border-color: ${t('color-accent')};
    }
    .hang-up {
      border: 0;
      background: ${t('color-badge')};
      color: ${t('color-on-badge')};
    }
    .devices {
      padding: ${t('space')};
      border: 1px solid ${t('color-border')};
      border-radius: ${t('radius-input')};
      background: ${t('color-surface')};
    }
  `,
];
