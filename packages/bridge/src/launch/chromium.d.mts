/** Debian's Chromium, the browser this project tests on. */
export declare const DEBIAN_CHROMIUM_PATH: '/usr/bin/chromium';
/** The command that installs a Chromium the finder can use. */
export declare const CHROMIUM_INSTALL_HINT: string;
/** Thrown when no Chromium binary can be found. */
export declare class ChromiumNotFoundError extends Error {
  readonly code: 'WEBMCP_KIT_CHROMIUM_NOT_FOUND';
  constructor(tried: readonly string[]);
}
/** Options for {@link chromiumArgs}. */
export interface ChromiumArgsOptions {
  /** Turn on native WebMCP (`--enable-features=…,WebMCP`). @default false */
  webmcp?: boolean;
  /** More features for the same `--enable-features` switch (only with `webmcp`). @default [] */
  features?: readonly string[];
}
/** Finds Chromium: `CHROMIUM_PATH`, then `/usr/bin/chromium`, then Playwright's own browser, then usual paths. */
export declare function findChromium(env?: NodeJS.ProcessEnv): string;
/** Launch arguments for Chromium on this kind of machine. */
export declare function chromiumArgs(options?: ChromiumArgsOptions): string[];
