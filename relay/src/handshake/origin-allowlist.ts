/**
 * The embedding sites allowed to open a WebSocket to this relay, checked against the browser's `Origin`
 * header at the upgrade (a foreign page never gets a socket). Non-browser clients send no Origin; whether they
 * are let in is a separate switch.
 */
export class OriginAllowlist {
  private readonly any: boolean;
  private readonly origins: Set<string>;

  /**
   * @param origins - exact origins like `https://shop.example`, or `*`.
   * @param allowMissing - whether a request without an Origin header passes.
   */
  constructor(
    origins: readonly string[],
    private readonly allowMissing: boolean,
  ) {
    this.any = origins.includes('*');
    this.origins = new Set(origins.map((o) => o.toLowerCase()));
  }

  /** Whether an upgrade with this Origin header may proceed. */
  allows(origin: string | undefined): boolean {
    if (origin === undefined || origin === '') return this.allowMissing;
    return this.any || this.origins.has(origin.toLowerCase());
  }
}
