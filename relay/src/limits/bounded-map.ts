/**
 * A Map with a maximum size that forgets its least recently used entry when full. Everything the relay keys by
 * client input (IP addresses, for instance) lives in one of these, so memory stays bounded under any input.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();

  /**
   * @param max - most entries kept.
   * @param canEvict - whether an entry may be forgotten (e.g. an IP with open connections may not).
   */
  constructor(
    private readonly max: number,
    private readonly canEvict: (v: V) => boolean = () => true,
  ) {}

  /** Gets and marks as recently used. */
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  /**
   * Sets, evicting the least recently used evictable entry when full.
   * @returns false when the map is full of entries that may not be evicted.
   */
  set(key: K, value: V): boolean {
    if (!this.map.has(key) && this.map.size >= this.max) {
      let evicted = false;
      for (const [k, v] of this.map) {
        if (this.canEvict(v)) {
          this.map.delete(k);
          evicted = true;
          break;
        }
      }
      if (!evicted) return false;
    }
    this.map.delete(key);
    this.map.set(key, value);
    return true;
  }

  /** Removes an entry. */
  delete(key: K): void {
    this.map.delete(key);
  }

  /** Number of entries. */
  get size(): number {
    return this.map.size;
  }
}
