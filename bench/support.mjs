// Shared by the benchmark scripts: Chromium launch options from the project's one Chromium finder
// (e2e/support/chromium.ts), importable from plain Node scripts.
import { existsSync } from 'node:fs';

const PLAYWRIGHT_FEATURES = [...(process.env.PLAYWRIGHT_LEGACY_SCREENSHOT ? [] : ['CDPScreenshotNewSurface']), 'SkipListAccountsWithoutGaiaCookies'];

/** Same result as chromiumLaunchOptions() in e2e/support/chromium.ts. */
export function chromiumLaunchOptions({ webmcp = false } = {}) {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`No Chromium at ${executablePath}. Install one with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const args = ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  if (webmcp) args.push(`--enable-features=${[...PLAYWRIGHT_FEATURES, 'WebMCP'].join(',')}`);
  return { executablePath, args, headless: true };
}
