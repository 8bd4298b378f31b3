// The one place every test runner (Vitest browser mode, Playwright Test) and every benchmark finds
// Chromium and builds its launch arguments. Plain JavaScript (types in chromium.d.mts) so Node
// scripts import it too.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's Chromium, the browser this project tests on. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';

/** The command that installs a Chromium the finder can use. */
export const CHROMIUM_INSTALL_HINT =
  'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary)';

// Chromium keeps only the last --enable-features switch, so ours repeats Playwright's own list
// (e2e/test/chromium.test.ts checks it against the installed playwright-core).
/** Features Playwright itself passes in its own `--enable-features=` switch. */
export const PLAYWRIGHT_DEFAULT_FEATURES = [
  ...(process.env.PLAYWRIGHT_LEGACY_SCREENSHOT ? [] : ['CDPScreenshotNewSurface']),
  'SkipListAccountsWithoutGaiaCookies',
];

/** Thrown when no Chromium binary can be found. */
export class ChromiumNotFoundError extends Error {
  /** @param {readonly string[]} tried */
  constructor(tried) {
    super(`No Chromium found (tried: ${tried.join(', ') || 'nothing'}). Install one with: ${CHROMIUM_INSTALL_HINT}`);
    this.name = 'ChromiumNotFoundError';
    this.code = 'WEBMCP_KIT_CHROMIUM_NOT_FOUND';
  }
}

function playwrightOwnChromium() {
  try {
    const require = createRequire(import.meta.url);
    return require('playwright-core').chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Finds Chromium: `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`, then Playwright's own
 * download when one is installed. Throws {@link ChromiumNotFoundError} naming the install command.
 */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFoundError([`CHROMIUM_PATH=${fromEnv} (does not exist)`]);
  }
  const tried = [];
  for (const candidate of [DEBIAN_CHROMIUM_PATH, playwrightOwnChromium()]) {
    if (!candidate) continue;
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
  }
  throw new ChromiumNotFoundError(tried);
}

/**
 * Launch arguments for headless Chromium on this kind of machine: quiet networking, no GPU,
 * `--no-sandbox` when running as root, and native WebMCP on request while keeping Playwright's
 * own `--enable-features` list.
 */
export function chromiumArgs(options = {}) {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  if (options.webmcp) args.push(`--enable-features=${[...PLAYWRIGHT_DEFAULT_FEATURES, 'WebMCP'].join(',')}`);
  return args;
}

/** Executable path and arguments, ready for Playwright's `launch()`. */
export function chromiumLaunchOptions(options = {}) {
  return { executablePath: findChromium(), args: chromiumArgs(options), headless: true };
}
