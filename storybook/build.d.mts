export declare const OUT: string;
export declare function buildCatalogue(): Promise<string>;
