import type { Plugin, RollupOptions } from 'rollup';
export declare const WIDGET_DIST: string;
export declare const LOADER_FILE: string;
export declare const CORE_FILE: string;
export declare const WORKER_FILE: string;
export declare const FRAME_FILE: string;
export declare const ESCROW_FILE: string;
export declare const CALLS_FILE: string;
export declare const CLIENT_FILE: string;
export declare const E2EE_WORKER_FILE: string;
export declare const CALL_ENGINE_FILE: string;
export declare const SFU_FILE: string;
export declare const BUDGETS: Record<string, number>;
export declare function widgetScriptTagConfigs(options?: {
  root?: string;
  extraPlugins?: Plugin[];
}): RollupOptions[];
