/** Bare imports that are dependencies, not the package's own code. */
export declare const EXTERNAL: RegExp[];
/** Builds the browser code and reads the proxy page (needs `npm run build` for dist/proxy.js). */
export declare function appHostBrowserCode(): Promise<{ code: string; page: string }>;
