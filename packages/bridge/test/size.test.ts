/** Size budget of the page script (`<script>` IIFE), measured like the README states: gzip -9. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAGE_IIFE, readDist } from './support';

// Measured 2,232 B (2,206 B before the JSON-text input for Chromium < 152's older native shape).
const BUDGET_GZIP_BYTES = 4000;

describe('page script size', () => {
  it(`bridge-page.iife.js is at most ${BUDGET_GZIP_BYTES} B gzip -9`, () => {
    const code = readDist(PAGE_IIFE);
    const gz = gzipSync(code, { level: 9 }).length;
    expect(gz, `bridge-page.iife.js is ${gz} B gzip, over the ${BUDGET_GZIP_BYTES} B budget`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(code).toContain('WebMCPBridge');
    expect(code).not.toMatch(/\beval\(|new Function\(/);
  });
});
