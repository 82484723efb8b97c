export declare const MANIFEST_PATH: string;
export declare function buildManifest(): {
  schemaVersion: string;
  modules: Array<{
    path: string;
    declarations: Array<{
      name: string;
      tagName?: string;
      summary: string;
      attributes: Array<{ name: string; type: { text: string }; description?: string }>;
      events: Array<{ name: string }>;
      slots: Array<{ name: string }>;
      cssParts: Array<{ name: string }>;
      cssProperties: Array<{ name: string; default?: string }>;
    }>;
  }>;
};
export declare function manifestText(): string;
