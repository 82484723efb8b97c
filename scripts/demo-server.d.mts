/** Serves examples/<example> with the widget build at /dist/, pointing the page at `relayUrl`. */
export function startDemo(options?: {
  port?: number;
  relayUrl?: string;
  example?: string;
}): Promise<{ url: string; port: number; close(): Promise<void> }>;
