/** Chromium majors below this one have the older native WebMCP shape. */
export declare const LEGACY_BELOW_MAJOR: 152;
/** Where the unpacked legacy Chromium lives (`node_modules/.cache/chromium-legacy/`). */
export declare const LEGACY_CACHE_DIR: string;
/** A legacy Chromium binary, or why there is none. */
export type LegacyChromium = { path: string; version?: string; reason?: undefined } | { path?: undefined; reason: string };
/** The newest version in `apt-cache madison chromium` output below {@link LEGACY_BELOW_MAJOR}, or undefined. */
export declare function pickLegacyVersion(madison: string): string | undefined;
/** `CHROMIUM_LEGACY_PATH`, else the unpacked binary in {@link LEGACY_CACHE_DIR}; else why there is none. */
export declare function findLegacyChromium(env?: NodeJS.ProcessEnv, dir?: string): LegacyChromium;
/** Options of {@link ensureLegacyChromium} (defaults: this process and machine). */
export interface EnsureLegacyChromiumOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default LEGACY_CACHE_DIR */
  dir?: string;
  /** @default process.getuid() === 0 (only root refreshes apt's lists) */
  isRoot?: boolean;
  /** @default existsSync('/usr/bin/apt-get') */
  hasApt?: boolean;
}
/** Unpacks Debian's newest chromium < 152 into the cache unless one is there; never throws. */
export declare function ensureLegacyChromium(options?: EnsureLegacyChromiumOptions): LegacyChromium;
