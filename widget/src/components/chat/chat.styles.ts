import { css } from 'lit';

/** Styles of `<cryptalk-chat>`. Every value defaults to a documented `--ct-*` token. */
export const chatStyles = css`
  :host {
    all: initial;
    position: fixed;
    inset: auto var(--ct-offset-x, 20px) var(--ct-offset-y, 20px) auto;
    z-index: var(--ct-z-index, 2147483000);
    font-family: var(--ct-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--ct-font-size, 14px);
    color: var(--ct-color-text, #1b1f24);
    line-height: 1.4;
  }
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }
  .launcher {
    display: grid;
    place-items: center;
    width: 56px;
    height: 56px;
    border: 0;
    border-radius: 50%;
    background: var(--ct-color-accent, #2454d6);
    color: var(--ct-color-on-accent, #fff);
    box-shadow: var(--ct-shadow, 0 6px 20px rgb(0 0 0 / 0.2));
    cursor: pointer;
  }
  .launcher:focus-visible, button:focus-visible, textarea:focus-visible {
    outline: 3px solid var(--ct-color-focus, #f5a623);
    outline-offset: 2px;
  }
  .panel {
    position: absolute;
    right: 0;
    bottom: 72px;
    width: min(360px, calc(100vw - 40px));
    height: min(520px, calc(100vh - 120px));
    display: flex;
    flex-direction: column;
    background: var(--ct-color-surface, #fff);
    border-radius: var(--ct-radius, 12px);
    box-shadow: var(--ct-shadow, 0 6px 20px rgb(0 0 0 / 0.2));
    overflow: hidden;
  }
  .header {
    padding: 12px 16px;
    background: var(--ct-color-accent, #2454d6);
    color: var(--ct-color-on-accent, #fff);
    font-weight: 600;
  }
  .messages {
    flex: 1;
    overflow-y: auto;
    margin: 0;
    padding: 12px;
    list-style: none;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .message {
    max-width: 80%;
    padding: 6px 10px;
    border-radius: var(--ct-radius-bubble, 10px);
    background: var(--ct-color-bubble, #eef1f6);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    align-self: flex-start;
  }
  .message.own {
    align-self: flex-end;
    background: var(--ct-color-accent, #2454d6);
    color: var(--ct-color-on-accent, #fff);
  }
  .composer {
    display: flex;
    gap: 8px;
    padding: 8px;
    border-top: 1px solid var(--ct-color-border, #d9dee6);
  }
  textarea {
    flex: 1;
    resize: none;
    font: inherit;
    color: inherit;
    padding: 6px 8px;
    border: 1px solid var(--ct-color-border, #d9dee6);
    border-radius: var(--ct-radius-input, 8px);
    background: var(--ct-color-surface, #fff);
  }
  .send {
    border: 0;
    border-radius: var(--ct-radius-input, 8px);
    padding: 0 14px;
    font: inherit;
    background: var(--ct-color-accent, #2454d6);
    color: var(--ct-color-on-accent, #fff);
    cursor: pointer;
  }
  .status {
    padding: 4px 12px;
    font-size: 12px;
    color: var(--ct-color-muted, #5b6470);
  }
`;
