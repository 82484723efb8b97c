export declare const STRICT_CSP: string;
export declare function startWidgetPages(options?: { csp?: string }): Promise<{
  url: string;
  port: number;
  close(): Promise<void>;
}>;
export declare function startFolder(
  dir: string,
): Promise<{ url: string; port: number; close(): Promise<void> }>;
