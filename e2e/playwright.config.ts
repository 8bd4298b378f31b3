/**
 * End-to-end suite: the demo storefront, the bridge and the app host together, driven by
 * Playwright in Debian's Chromium, once over our polyfill and once over native WebMCP.
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './support/chromium.mjs';

const executablePath = findChromium();

export default defineConfig({
  testDir: './specs',
  testMatch: '**/*.spec.ts',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: 'list',
  use: { headless: true, trace: 'on-first-retry', actionTimeout: 5_000 },
  projects: [
    { name: 'polyfill', use: { launchOptions: { executablePath, args: chromiumArgs() } } },
    { name: 'native', use: { launchOptions: { executablePath, args: chromiumArgs({ webmcp: true }) } } },
  ],
});
