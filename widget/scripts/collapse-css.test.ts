import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collapseCss } from '../rollup.widget.mjs';

test('collapseCss removes layout whitespace only: strings, combinators, value spaces and placeholders stay', () => {
  const css = `
    :host {
      display: block;
      padding: 4px @TEMPLATE_EXPRESSION();
      font: 14px / 1.4 "Open  Sans", sans-serif;
    }
    a:hover ,  .x > .y:not(.z) .w {
      content: '⚠  ';
      margin: 0 @TEMPLATE_EXPRESSION();
    }
    @media (min-width: 600px) { .p { gap: 1px 2px } }`;
  assert.equal(
    collapseCss(css),
    ':host{display:block;padding:4px @TEMPLATE_EXPRESSION();font:14px / 1.4 "Open  Sans",sans-serif;}a:hover,.x > .y:not(.z) .w{content:\'⚠  \';margin:0 @TEMPLATE_EXPRESSION();}@media (min-width:600px){.p{gap:1px 2px}}',
  );
  // a descendant combinator before a pseudo-class is not a space after ':'
  assert.equal(collapseCss('.a :focus-visible { outline: none }'), '.a :focus-visible{outline:none}');
  assert.equal(collapseCss(`[title="a ;  b"] {}`), '[title="a ;  b"]{}');
});
