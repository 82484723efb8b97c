export interface BuiltFile {
  raw: number;
  /** Bytes of its `.gz` copy (Zopfli), what is served gzipped. */
  gzip: number;
  /** Bytes of zlib's gzip at level 9, what a server compressing on the fly sends at best. */
  zlib9: number;
  /** Bytes of its `.br` copy (Brotli 11). */
  br: number;
  integrity: string;
  /** Output files it imports statically (loaded before it runs). */
  imports: string[];
  /** Output files it may load later with `import()`. */
  dynamicImports: string[];
  /** Source modules whose code it carries, as paths from the repository root. */
  modules: string[];
}
/** What a first open downloads beside the loader in one placement. */
export interface FirstOpen {
  files: string[];
  gzip: number;
}
export declare const ROOT: string;
export declare function gzipSize(bytes: Uint8Array): number;
export declare function sri(bytes: Uint8Array): string;
export declare function buildWidget(): Promise<Record<string, BuiltFile>>;
export declare function firstOpenSizes(built: Record<string, BuiltFile>): Record<string, FirstOpen>;
export declare function ensureWidgetBuild(): Promise<void>;
/** The build in widget/dist (built first when missing or stale): each file's code, imports and modules. */
export declare function readWidgetBuild(): Promise<
  Record<string, { code: string; imports: string[]; dynamicImports: string[]; modules: string[] }>
>;
