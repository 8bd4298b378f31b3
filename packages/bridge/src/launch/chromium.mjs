// Finds Chromium and builds its launch arguments: the one source for `webmcp-bridge --launch` and
// for every test runner and benchmark (e2e/support/chromium.mjs re-exports it). Plain JavaScript
// (types in chromium.d.mts) so Node scripts and config files import it without a build.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's Chromium, the browser this project tests on. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';

/** Other usual places of a Chromium-based browser on Linux and macOS. */
const USUAL_PATHS = [
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The command that installs a Chromium the finder can use. */
export const CHROMIUM_INSTALL_HINT =
  'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary)';

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
 * download when one is installed, then other usual install paths. Throws
 * {@link ChromiumNotFoundError} naming the install command.
 */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFoundError([`CHROMIUM_PATH=${fromEnv} (does not exist)`]);
  }
  const tried = [];
  for (const candidate of [DEBIAN_CHROMIUM_PATH, playwrightOwnChromium(), ...USUAL_PATHS]) {
    if (!candidate) continue;
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
  }
  throw new ChromiumNotFoundError(tried);
}

/**
 * Launch arguments for Chromium on this kind of machine: quiet networking, no GPU, `--no-sandbox`
 * when running as root, and native WebMCP on request in ONE `--enable-features` switch (Chromium
 * keeps only the last one) that also carries `features`.
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
  if (options.webmcp) args.push(`--enable-features=${[...(options.features ?? []), 'WebMCP'].join(',')}`);
  return args;
}
