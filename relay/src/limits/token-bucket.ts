/**
 * A token bucket: `capacity` tokens, refilled at `ratePerSec`. Allocation-free and O(1).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param ratePerSec - sustained rate.
   * @param capacity - burst size.
   * @param now - current time in ms.
   */
  constructor(
    private readonly ratePerSec: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /**
   * Takes `cost` tokens if there are that many.
   * @returns whether they were taken.
   */
  take(cost: number, now: number): boolean {
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSec) / 1000);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}
