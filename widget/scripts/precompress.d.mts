/** The file names of a file's precompressed copies. */
export declare function precompressedNames(file: string): { gzip: string; br: string };
/** Writes `<path>.gz` (Zopfli) and `<path>.br` (Brotli 11) beside a built file; returns their sizes. */
export declare function precompress(path: string, bytes: Buffer): Promise<{ gzip: number; br: number }>;
/** A Rollup plugin that precompresses every chunk it writes. */
export declare function precompressOutput(): import('rollup').Plugin;
