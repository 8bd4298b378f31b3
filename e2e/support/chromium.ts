/**
 * @module
 * The one place every test runner (Vitest browser mode, Playwright Test, benchmarks)
 * finds Chromium and builds its launch arguments.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Debian's Chromium, the browser this project tests on. */
export const DEBIAN_CHROMIUM_PATH = '/usr/bin/chromium';

/** The command that installs a Chromium the finder can use. */
export const CHROMIUM_INSTALL_HINT =
  'apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary)';

/**
 * Features Playwright itself passes in its own `--enable-features=` switch. Chromium keeps only the
 * last such switch, so ours must repeat them (see e2e/test/chromium.test.ts, which checks the list
 * against the installed playwright-core).
 */
export const PLAYWRIGHT_DEFAULT_FEATURES: readonly string[] = [
  ...(process.env.PLAYWRIGHT_LEGACY_SCREENSHOT ? [] : ['CDPScreenshotNewSurface']),
  'SkipListAccountsWithoutGaiaCookies',
];

/** Thrown when no Chromium binary can be found. */
export class ChromiumNotFoundError extends Error {
  readonly code = 'WEBMCP_KIT_CHROMIUM_NOT_FOUND';
  constructor(tried: readonly string[]) {
    super(`No Chromium found (tried: ${tried.join(', ') || 'nothing'}). Install one with: ${CHROMIUM_INSTALL_HINT}`);
    this.name = 'ChromiumNotFoundError';
  }
}

function playwrightOwnChromium(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } };
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * Finds Chromium: `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`, then Playwright's own
 * download when one is installed. Throws {@link ChromiumNotFoundError} naming the install command.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const tried: string[] = [];
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new ChromiumNotFoundError([`CHROMIUM_PATH=${fromEnv} (does not exist)`]);
  }
  for (const candidate of [DEBIAN_CHROMIUM_PATH, playwrightOwnChromium()]) {
    if (!candidate) continue;
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
  }
  throw new ChromiumNotFoundError(tried);
}

/** Options for {@link chromiumArgs}. */
export interface ChromiumArgsOptions {
  /** Turn on native WebMCP (`--enable-features=…,WebMCP`). @default false */
  webmcp?: boolean;
}

/**
 * Launch arguments for headless Chromium on this kind of machine: quiet networking, no GPU,
 * `--no-sandbox` when running as root, and native WebMCP on request while keeping Playwright's
 * own `--enable-features` list.
 */
export function chromiumArgs(options: ChromiumArgsOptions = {}): string[] {
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
export function chromiumLaunchOptions(options: ChromiumArgsOptions = {}): {
  executablePath: string;
  args: string[];
  headless: true;
} {
  return { executablePath: findChromium(), args: chromiumArgs(options), headless: true };
}
