export declare function buildExample(): Promise<string>;
