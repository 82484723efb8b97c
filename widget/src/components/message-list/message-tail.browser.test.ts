import { expect } from '@open-wc/testing';
import {
  divideMessages,
  nextRowCost,
  ROW_COST_SAMPLE_MAX_FACTOR,
  rowsToFold,
  TAIL_APPEND_MAX,
  TAIL_FOLD_MIN_ROWS,
  TAIL_REVEAL_BUDGET_MS,
} from './message-tail.js';

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

  it('the row-cost estimate takes a paused reveal as at most twice the estimate, and follows a slower device', () => {
    // One reveal of 8 rows that the OS paused for 40 ms: the next reveal must not drop to one row.
    const paused = nextRowCost(0.3, 40 / 8);
    expect(paused).to.be.closeTo(0.7 * 0.3 + 0.3 * 0.3 * ROW_COST_SAMPLE_MAX_FACTOR, 1e-9);
    expect(Math.floor(TAIL_REVEAL_BUDGET_MS / paused), 'rows the next reveal adds').to.be.at.least(5);
    // A device that really takes 2 ms a row: the estimate reaches it within a few reveals.
    let estimate = 0.3;
    for (let i = 0; i < 12; i++) estimate = nextRowCost(estimate, 2);
    expect(estimate).to.be.closeTo(2, 0.1);
    // A faster one: the estimate falls; bounds hold.
    expect(nextRowCost(1, 0.1)).to.be.closeTo(0.73, 1e-9);
    expect(nextRowCost(0.05, 0)).to.be.closeTo(0.05, 1e-9);
    expect(nextRowCost(10, 1_000)).to.equal(10);
  });
});
