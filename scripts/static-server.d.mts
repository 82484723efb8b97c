/** Serves each URL prefix of `mounts` from its folder on 127.0.0.1 (nothing outside the folders). */
export function startStaticServer(
  mounts: Record<string, string>,
  options?: { port?: number; headers?: Record<string, string>; html?: (text: string) => string },
): Promise<{ url: string; port: number; close(): Promise<void> }>;
