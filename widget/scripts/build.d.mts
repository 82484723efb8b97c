export interface BuiltFile {
  raw: number;
  gzip: number;
  integrity: string;
}
export declare const ROOT: string;
export declare function gzipSize(bytes: Uint8Array): number;
export declare function sri(bytes: Uint8Array): string;
export declare function buildWidget(): Promise<Record<string, BuiltFile>>;
export declare function ensureWidgetBuild(): Promise<void>;
