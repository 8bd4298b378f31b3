/** The shared Chromium finder used by every test runner and benchmark. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_HINT, PLAYWRIGHT_DEFAULT_FEATURES, chromiumArgs, findChromium } from '../support/chromium.mjs';

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH', () => {
    expect(findChromium({ CHROMIUM_PATH: process.execPath })).toBe(process.execPath);
  });

  it('names the install command when CHROMIUM_PATH points nowhere', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toThrow(
      `No Chromium found (tried: CHROMIUM_PATH=/nonexistent/chromium (does not exist)). Install one with: ${CHROMIUM_INSTALL_HINT}`,
    );
    expect(CHROMIUM_INSTALL_HINT).toContain('apt-get install -y chromium');
  });

  it("finds this machine's Chromium without configuration", () => {
    expect(findChromium({})).toMatch(/chrom/i);
  });
});

describe('chromiumArgs', () => {
  it("turns on WebMCP in one --enable-features switch that keeps Playwright's own features", () => {
    const switches = chromiumArgs({ webmcp: true }).filter((arg) => arg.startsWith('--enable-features='));
    expect(switches).toEqual([`--enable-features=${[...PLAYWRIGHT_DEFAULT_FEATURES, 'WebMCP'].join(',')}`]);
    expect(chromiumArgs().some((arg) => arg.startsWith('--enable-features='))).toBe(false);
  });

  it("lists the features the installed Playwright passes (drift check on upgrades)", () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve('playwright-core/package.json'));
    const bundle = readFileSync(join(root, 'lib/coreBundle.js'), 'utf8');
    const list = /enabledFeatures = \(\) => \[([\s\S]*?)\]\.filter/.exec(bundle)?.[1] ?? '';
    const features = [...list.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]);
    expect(features.length).toBeGreaterThan(0);
    expect([...PLAYWRIGHT_DEFAULT_FEATURES].sort()).toEqual(features.filter((f) => !process.env.PLAYWRIGHT_LEGACY_SCREENSHOT || f !== 'CDPScreenshotNewSurface').sort());
  });

  it('adds the flags this machine needs', () => {
    expect(chromiumArgs()).toEqual(expect.arrayContaining(['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']));
    expect(chromiumArgs().includes('--no-sandbox')).toBe(process.getuid?.() === 0);
  });
});
