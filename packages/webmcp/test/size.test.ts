/**
 * Size budgets of what a page loads (gzip -9 bytes of the built bundles). When a change moves a
 * number, update the budget in the same commit and say why.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** Gzip size of a built file, with a clear message when the build is missing. */
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

describe('browser size budgets (gzip)', () => {
  it('webmcp.iife.js, validator and declarative forms included, is at most 16,500 bytes', () => {
    // Forms are bundled (not fetched on demand) so they work however the script is injected.
    // Measured 16,411 B with reportProgress/log (issue 14), after build.mjs's second Terser pass;
    // 16,480 B with sample/elicit (issue 14), which only hand the request to the caller;
    // 16,431 B with Terser's passes 3, unsafe_arrows and unsafe_methods; 16,355 B with the
    // validator's internal property names mangled; 15,983 B without the validator's unread
    // keywordLocation pointers; 15,909 B with draft 2020-12 and no short-circuit
    // folded into it (vite-plugin-lean-validator.mjs); 16,041 B with confirmations through the
    // MCP client (issue 14 item 4); 16,015 B without dereference.js's unread __absolute_uri__;
    // 17,916 B with prompts and resources (issue 14), so they moved to webmcp-offers.iife.js:
    // 16,026 B, merging into a window.WebMCPKit the add-on may have defined first (+11 B);
    // 16,086 B layering over Chromium < 152's older native shape too (+60 B); 16,170 B with one
    // `pagehide` listener for all calls (a window listener added and removed per call cost
    // Chromium ~20 µs a call, half a no-op call's page time) and the cancel hook of TOOL_CANCEL.
    expect(gzipBytes('../dist/webmcp.iife.js')).toBeLessThanOrEqual(16_500);
  });

  it('webmcp-offers.iife.js, the opt-in prompts/resources add-on, is at most 2,550 bytes', () => {
    // Measured 2,459 B. Alone it carries its own copy of the error class, and gzip shares nothing
    // with the polyfill: ~560 B more than the same code inside webmcp.iife.js (1,901 B). ~90 B of
    // margin for fixes only; a feature must update the number.
    expect(gzipBytes('../dist/webmcp-offers.iife.js')).toBeLessThanOrEqual(2_550);
  });

  it('everything a page loads (polyfill with forms, bridge connector) is at most 18,550 bytes', () => {
    // Measured 18,053 B: forms bundled into the IIFE (issue 11) and progress/log frames (issue 14)
    // took it past the old 18,000; 18,296 B with the sample/elicit ask/answer frames (issue 14);
    // 17,814 B with prompts and resources moved out to the add-on (counted below); 18,232 B once the
    // connector carries offers (lists, get/read/complete requests, updates: 1,788 -> 2,206 B);
    // 18,318 B with Chromium < 152's older native shape (layer +60 B, connector +26 B: 2,232 B);
    // 18,492 B (16,170 + 2,322) once a bridge call on this polyfill is cancelled through TOOL_CANCEL
    // instead of an AbortSignal per call (whose listener cost the stdio call path ~1 % of its time,
    // the margin to the issue 9 goal) and calls share one `pagehide` listener.
    const total = gzipBytes('../dist/webmcp.iife.js') + gzipBytes('../../bridge/dist/bridge-page.iife.js');
    expect(total).toBeLessThanOrEqual(18_550);
  });

  it('a page that also offers prompts and resources (polyfill, connector, offers add-on) loads at most 21,000 bytes', () => {
    // Measured 20,273 B: 16,026 + 1,788 + 2,459, before the connector carried offers; 20,691 B after
    // (16,026 + 2,206 + 2,459): the connector's part has to be there for the offers to reach anyone;
    // 20,777 B (16,086 + 2,232 + 2,459) with Chromium < 152's older native shape; 20,951 B
    // (16,170 + 2,322 + 2,459) with the call-path changes of the test above.
    const total = gzipBytes('../dist/webmcp.iife.js') + gzipBytes('../../bridge/dist/bridge-page.iife.js') + gzipBytes('../dist/webmcp-offers.iife.js');
    expect(total).toBeLessThanOrEqual(21_000);
  });

  it('the Lit entry (ToolController, without the define-tool chunk it shares with the root entry) is at most 950 bytes', () => {
    // Measured 855 B; Lit itself is not in it (types only).
    expect(gzipBytes('../dist/lit.js')).toBeLessThanOrEqual(950);
  });
});
