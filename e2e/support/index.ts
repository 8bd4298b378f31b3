/** @module Shared test support: the Chromium finder. */
export {
  CHROMIUM_INSTALL_HINT,
  ChromiumNotFoundError,
  DEBIAN_CHROMIUM_PATH,
  PLAYWRIGHT_DEFAULT_FEATURES,
  chromiumArgs,
  chromiumLaunchOptions,
  findChromium,
} from './chromium';
export type { ChromiumArgsOptions } from './chromium';
