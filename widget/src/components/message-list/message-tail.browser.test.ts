import { expect } from '@open-wc/testing';
import { divideMessages, rowsToFold, TAIL_APPEND_MAX, TAIL_FOLD_MIN_ROWS } from './message-tail.js';

const items = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => ({ id: `m${from + i}` }));

describe('message-tail: the division between the virtual list and the tail', () => {
  it('a first render of a few messages is all tail while following; of many, all virtual', () => {
    expect(
      divideMessages({ previous: undefined, messages: items(0, 3), split: 0, following: true }),
    ).to.equal(0);
    expect(divideMessages({ previous: [], messages: items(0, 3), split: 0, following: false })).to.equal(3);
    const many = items(0, TAIL_APPEND_MAX + 1);
    expect(divideMessages({ previous: [], messages: many, split: 0, following: true })).to.equal(many.length);
  });

  it('appended messages join the tail while following or while the tail has rows', () => {
    const before = items(0, 10);
    const after = [...before, ...items(10, 12)];
    expect(divideMessages({ previous: before, messages: after, split: 10, following: true })).to.equal(10);
    expect(divideMessages({ previous: before, messages: after, split: 6, following: false })).to.equal(6);
    // Not following and no tail yet: the new rows go to the virtual list.
    expect(divideMessages({ previous: before, messages: after, split: 10, following: false })).to.equal(12);
    // Updated copies of listed messages keep the division.
    const updated = after.map((m, i) => (i === 3 ? { ...m } : m));
    expect(divideMessages({ previous: after, messages: updated, split: 8, following: true })).to.equal(8);
  });

  it('a history page, another room, a removal or a large addition puts every message in the virtual list', () => {
    const before = items(10, 20);
    const paged = [...items(0, 10), ...before];
    expect(divideMessages({ previous: before, messages: paged, split: 5, following: true })).to.equal(20);
    expect(divideMessages({ previous: before, messages: items(0, 10), split: 5, following: true })).to.equal(
      10,
    );
    expect(
      divideMessages({ previous: before, messages: before.slice(1), split: 5, following: true }),
    ).to.equal(9);
    const large = [...before, ...items(20, 21 + TAIL_APPEND_MAX)];
    expect(divideMessages({ previous: before, messages: large, split: 5, following: true })).to.equal(
      large.length,
    );
  });

  it('rows far above the view fold in steps; a tail wholly below the view folds at once', () => {
    const rows = 100;
    const bottomOf = (i: number) => 40 * (i + 1) - 2000; // row i ends at 40(i+1) px, scrolled by 2000 px
    const view = { top: 0, bottom: 500 };
    // Rows ending more than 400 px above the view: 40(i+1) - 2000 < -400, i.e. i < 39.
    expect(rowsToFold(rows, bottomOf, -2000, view, 400)).to.equal(39);
    // Fewer than the step: nothing yet.
    const near = (i: number) => 40 * (i + 1) - 400 - 40 * TAIL_FOLD_MIN_ROWS;
    expect(rowsToFold(rows, near, 0, view, 400)).to.equal(0);
    // Never the last row, even when all are far above.
    expect(rowsToFold(rows, () => -10_000, -20_000, view, 400)).to.equal(rows - 1);
    expect(rowsToFold(rows, bottomOf, 1000, view, 400)).to.equal(rows);
    expect(rowsToFold(0, bottomOf, 0, view, 400)).to.equal(0);
  });
});
