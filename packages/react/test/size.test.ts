/**
 * Size budgets of the React bindings' own code as a page ships it: the built files minified by
 * esbuild, then gzip -9 (React, @mcp-ui/client, the SDK and our other packages are external).
 * Update a budget in the same commit when a change moves it.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

function shippedBytes(relative: string): number {
  const url = new URL(relative, import.meta.url);
  let code: string;
  try {
    code = readFileSync(url, 'utf8');
  } catch {
    throw new Error(`${url.pathname} is missing: run \`npm run build\` first (npm test does)`);
  }
  return gzipSync(transformSync(code, { minify: true, format: 'esm' }).code, { level: 9 }).length;
}

describe('browser size budgets (minified, gzip)', () => {
  it('the entry (useTool, and <McpApp> as a lazy shell) is at most 1,050 bytes', () => {
    // Measured 941 B.
    expect(shippedBytes('../dist/index.js')).toBeLessThanOrEqual(1_050);
  });

  it('the <McpApp> body, loaded on its first render, is at most 1,350 bytes (AppRenderer excluded)', () => {
    // Measured 1,268 B: 1,082 B before the sandbox guard (closing an app whose proxy reloads) and the
    // stable host objects (so a re-render doesn't reload the sandbox); 783 B before each app got its
    // own origin, a single-use load and the same-site check.
    expect(shippedBytes('../dist/mcp-app-view.js')).toBeLessThanOrEqual(1_350);
  });
});
