export declare const OUT: string;
export declare function buildStorybook(out?: string): Promise<string>;
