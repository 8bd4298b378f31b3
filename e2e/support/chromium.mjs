// The one place every test runner (Vitest browser mode, Playwright Test) and every benchmark finds
// Chromium and builds its launch arguments. The finder itself lives in the bridge package (its
// `--launch` uses it at run time); this file adds what Playwright needs. Plain JavaScript (types in
// chromium.d.mts) so Node scripts import it too.
import { chromiumArgs as baseArgs, findChromium } from '../../packages/bridge/src/launch/chromium.mjs';

export { CHROMIUM_INSTALL_HINT, ChromiumNotFoundError, DEBIAN_CHROMIUM_PATH, findChromium } from '../../packages/bridge/src/launch/chromium.mjs';

// Chromium keeps only the last --enable-features switch, so ours repeats Playwright's own list
// (e2e/test/chromium.test.ts checks it against the installed playwright-core).
/** Features Playwright itself passes in its own `--enable-features=` switch. */
export const PLAYWRIGHT_DEFAULT_FEATURES = [
  ...(process.env.PLAYWRIGHT_LEGACY_SCREENSHOT ? [] : ['CDPScreenshotNewSurface']),
  'SkipListAccountsWithoutGaiaCookies',
];

/**
 * Launch arguments for headless Chromium on this kind of machine: quiet networking, no GPU,
 * `--no-sandbox` when running as root, and native WebMCP on request while keeping Playwright's
 * own `--enable-features` list.
 */
export function chromiumArgs(options = {}) {
  return baseArgs({ webmcp: options.webmcp, features: PLAYWRIGHT_DEFAULT_FEATURES });
}

/** Executable path and arguments, ready for Playwright's `launch()`. */
export function chromiumLaunchOptions(options = {}) {
  return { executablePath: findChromium(), args: chromiumArgs(options), headless: true };
}
