/** The path of a runnable Chromium, if any. */
export function findChromium(): string | undefined;
/** The path of a Chromium, or exits the process with an install hint. */
export function requireChromium(): string;
/** Flags that keep headless Chromium off the network. */
export const CHROMIUM_ARGS: string[];
