import type { Plugin, RollupOptions } from 'rollup';
export declare const WIDGET_DIST: string;
export declare const LOADER_FILE: string;
export declare const CORE_FILE: string;
export declare const UI_FILE: string;
export declare const WORKER_ML_KEM_FILE: string;
export declare const WORKER_DIRECT_FILE: string;
export declare const WORKER_AES_FILE: string;
export declare const WORKER_PREVIEW_FILE: string;
export declare const CLIENT_PREVIEW_FILE: string;
export declare const FRAME_PREVIEW_FILE: string;
export declare const WORKER_MEMORY_STORE_FILE: string;
export declare const CLIENT_MEMORY_STORE_FILE: string;
export declare const FRAME_MEMORY_STORE_FILE: string;
export declare const WORKER_DEXIE_FILE: string;
export declare const CLIENT_DEXIE_FILE: string;
export declare const FRAME_DEXIE_FILE: string;
export declare const WORKER_MEMBERSHIP_FILE: string;
export declare const CLIENT_MEMBERSHIP_FILE: string;
export declare const FRAME_MEMBERSHIP_FILE: string;
export declare const WORKER_CALL_WIRE_FILE: string;
export declare const CLIENT_CALL_WIRE_FILE: string;
export declare const FRAME_CALL_WIRE_FILE: string;
export declare const WORKER_PASSPHRASE_FILE: string;
export declare const CLIENT_PASSPHRASE_FILE: string;
export declare const FRAME_PASSPHRASE_FILE: string;
export declare const WORKER_UPLOADS_FILE: string;
export declare const CLIENT_UPLOADS_FILE: string;
export declare const FRAME_UPLOADS_FILE: string;
export declare const WORKER_MIGRATIONS_FILE: string;
export declare const CLIENT_MIGRATIONS_FILE: string;
export declare const FRAME_MIGRATIONS_FILE: string;
export declare const WORKER_CREATE_FILE: string;
export declare const CLIENT_CREATE_FILE: string;
export declare const FRAME_CREATE_FILE: string;
export declare const CLIENT_AES_FILE: string;
export declare const FRAME_AES_FILE: string;
export declare const CLIENT_DIRECT_FILE: string;
export declare const FRAME_DIRECT_FILE: string;
export declare const WORKER_MEMORY_FILE: string;
export declare const UI_MEMORY_FILE: string;
export declare const CLIENT_ML_KEM_FILE: string;
export declare const WORKER_CURVES_FILE: string;
export declare const CLIENT_CURVES_FILE: string;
export declare const FRAME_CURVES_FILE: string;
export declare const WORKER_TRANSFER_FILE: string;
export declare const CLIENT_TRANSFER_FILE: string;
export declare const UI_QR_FILE: string;
export declare const UI_VIRTUAL_FILE: string;
export declare const UI_ERRORS_FILE: string;
export declare const UI_CALL_SESSION_FILE: string;
export declare const FRAME_CALL_SESSION_FILE: string;
export declare const UI_OFFER_CONTENT_FILE: string;
export declare const FRAME_OFFER_CONTENT_FILE: string;
export declare const UI_ASYNC_DIRECTIVE_FILE: string;
export declare const FRAME_ASYNC_DIRECTIVE_FILE: string;
export declare const UI_LOCALE_FILES: Record<'de' | 'ar' | 'ja', string>;
export declare const WORKER_FILE: string;
export declare const FRAME_FILE: string;
export declare const FRAME_ML_KEM_FILE: string;
export declare const FRAME_TRANSFER_FILE: string;
export declare const FRAME_QR_FILE: string;
export declare const FRAME_VIRTUAL_FILE: string;
export declare const FRAME_LOCALE_FILES: Record<'de' | 'ar' | 'ja', string>;
export declare const ESCROW_FILE: string;
export declare const CALLS_FILE: string;
export declare const CLIENT_FILE: string;
export declare const E2EE_WORKER_FILE: string;
export declare const CALL_ENGINE_FILE: string;
export declare const SFU_FILE: string;
export declare const SDK_CHUNKS: Record<
  | 'mlKem'
  | 'direct'
  | 'transfer'
  | 'aes'
  | 'preview'
  | 'memoryStore'
  | 'dexie'
  | 'membership'
  | 'callWire'
  | 'curves'
  | 'passphrase'
  | 'uploads'
  | 'migrations'
  | 'create',
  [worker: string, client: string, frame: string]
>;
export declare const BUDGETS: Record<string, number>;
/** The file in each output folder listing what every script-tag file imports. */
export declare const BUILD_INFO_FILE: string;
export declare const FIRST_OPEN: Record<'worker' | 'same' | 'frame', string[]>;
export declare const FIRST_OPEN_TARGET: number;
export declare const FIRST_OPEN_BUDGETS: Record<'worker' | 'same' | 'frame', number>;
export declare function staticClosure(
  chunks: Record<string, { imports: readonly string[] }>,
  entry: string,
): string[];
/** The source modules whose code is in a chunk, as `/`-separated paths from the repository root. */
export declare function chunkModules(chunk: import('rollup').OutputChunk): string[];
export declare function widgetScriptTagConfigs(options?: {
  root?: string;
  extraPlugins?: Plugin[];
}): RollupOptions[];
/** Removes what is only layout in a `css` template's text; quoted strings stay as they are. */
export declare function collapseCss(css: string): string;
