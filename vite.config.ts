/**
 * Root Vitest configuration: one project for Node tests, and the browser behaviour suites run
 * twice in real Chromium — once over our polyfill, once over native WebMCP.
 */
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, findChromium } from './e2e/support/chromium.mjs';
import { formatsAsAnnotations } from './packages/webmcp/vite-plugin-formats.mjs';

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const alias = {
  '@webmcp-kit/webmcp/install': src('./packages/webmcp/src/install-entry.ts'),
  '@webmcp-kit/webmcp/lit': src('./packages/webmcp/src/lit-entry.ts'),
  '@webmcp-kit/webmcp': src('./packages/webmcp/src/index.ts'),
  '@webmcp-kit/bridge/page': src('./packages/bridge/src/page/index.ts'),
  '@webmcp-kit/bridge': src('./packages/bridge/src/index.ts'),
  '@webmcp-kit/app-host/proxy': src('./packages/app-host/src/proxy/index.ts'),
  '@webmcp-kit/app-host': src('./packages/app-host/src/index.ts'),
  '@webmcp-kit/vite': src('./packages/vite/src/index.ts'),
  '@webmcp-kit/react': src('./packages/react/src/index.ts'),
};

// Same JSON Schema behaviour in tests as in the built bundles (the plugin must see the validator's
// sources, so it is kept out of dependency pre-bundling).
const shared = {
  resolve: { alias },
  plugins: [formatsAsAnnotations()],
  optimizeDeps: { exclude: ['@cfworker/json-schema'] },
};

function browserProject(name: 'polyfill' | 'native') {
  return {
    ...shared,
    // Pre-bundled up front: discovering them mid-run makes Vite reload the page and fail a test.
    optimizeDeps: {
      ...shared.optimizeDeps,
      include: [
        '@modelcontextprotocol/sdk/client/index.js',
        '@modelcontextprotocol/sdk/server/mcp.js',
        '@modelcontextprotocol/sdk/inMemory.js',
        '@modelcontextprotocol/sdk/types.js',
        'lit',
        'lit/decorators.js',
        'lit/directives/keyed.js',
        'react',
        'react-dom/client',
        'zod',
      ],
    },
    test: {
      name: `browser-${name}`,
      include: ['packages/*/test/**/*.browser.test.ts'],
      provide: { webmcpMode: name } as const,
      testTimeout: 15_000,
      // Test files share one top-level page; WebMCP's toolchange reaches every document in it, so
      // files run one at a time to keep event counts deterministic.
      fileParallelism: false,
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: findChromium(),
            args: chromiumArgs({ webmcp: name === 'native' }),
          },
        }),
        instances: [{ browser: 'chromium' as const }],
      },
    },
  };
}

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/test/**/*.test.ts', 'e2e/test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', '**/node_modules/**'],
          testTimeout: 20_000,
        },
      },
      browserProject('polyfill'),
      browserProject('native'),
    ],
  },
});
