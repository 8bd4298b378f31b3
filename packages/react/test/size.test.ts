/**
 * Size budget of the React bindings' own code (gzip -9 of dist/index.js; React, @mcp-ui/client, the
 * SDK and our other packages are external). Update it in the same commit when a change moves it.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

function gzipBytes(relative: string): number {
  const url = new URL(relative, import.meta.url);
  let bytes: Buffer;
  try {
    bytes = readFileSync(url);
  } catch {
    throw new Error(`${url.pathname} is missing: run \`npm run build\` first (npm test does)`);
  }
  return gzipSync(bytes, { level: 9 }).length;
}

describe('browser size budget (gzip)', () => {
  it('the entry (useTool, and <McpApp> as a lazy shell) is at most 1,700 bytes', () => {
    // Measured 1,542 B.
    expect(gzipBytes('../dist/index.js')).toBeLessThanOrEqual(1_700);
  });

  it('the <McpApp> body, loaded on its first render, is at most 1,400 bytes (AppRenderer excluded)', () => {
    // Measured 1,256 B.
    expect(gzipBytes('../dist/mcp-app-view.js')).toBeLessThanOrEqual(1_400);
  });
});
