import { presetsCss, tokenVar } from '../../themes/tokens.js';

/**
 * Styles of `<cryptalk-chat>` (plain CSS text: the element is in the tiny loader and does not use Lit).
 * Adopted as a constructed stylesheet, so no inline style is needed under a strict CSP. Host rules are
 * `!important` so hostile page CSS (`* { all: unset }`) cannot break the widget; site owners theme it
 * through the `--ct-*` tokens, which `all` never resets.
 */
export const chatStyles = `
${presetsCss(':host')}
:host{all:initial!important;display:contents!important}
:host([mode=inline]){display:block!important;position:relative!important;width:100%!important;height:100%!important;min-height:320px!important}
:host([mode=page]){display:block!important;position:fixed!important;inset:0!important;z-index:${tokenVar('z-index')}!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.root{position:fixed;inset-block-end:${tokenVar('offset-y')};inset-inline-end:${tokenVar('offset-x')};z-index:${tokenVar('z-index')};display:flex;flex-direction:column;align-items:flex-end;gap:12px;font-family:${tokenVar('font-family')};font-size:${tokenVar('font-size')};color:${tokenVar('color-text')};line-height:1.45;text-align:start}
:host([position=start]) .root{inset-inline-end:auto;inset-inline-start:${tokenVar('offset-x')};align-items:flex-start}
:host([mode=inline]) .root,:host([mode=page]) .root{position:absolute;inset:0;gap:0}
.panel{width:min(${tokenVar('panel-width')},calc(100vw - 2 * ${tokenVar('offset-x')}));height:min(${tokenVar('panel-height')},calc(100vh - 110px))}
:host([mode=inline]) .panel,:host([mode=page]) .panel{width:100%;height:100%}
:host([mode=inline]) .launcher,:host([mode=page]) .launcher{display:none}
.launcher{position:relative;display:grid;place-items:center;width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:${tokenVar('color-accent')};color:${tokenVar('color-on-accent')};box-shadow:${tokenVar('shadow')};cursor:pointer;font:inherit}
.launcher:focus-visible{outline:3px solid ${tokenVar('color-focus')};outline-offset:3px}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;inset-block-start:-4px;inset-inline-end:-4px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:${tokenVar('color-badge')};color:${tokenVar('color-on-badge')};font-size:12px;font-weight:700;line-height:22px;text-align:center}
.loading{padding:16px;background:${tokenVar('color-surface')};border-radius:${tokenVar('radius')};box-shadow:${tokenVar('shadow')}}
`;
