// Figure 1 of `npm run bench`: bytes a page loads (raw, gzip -9, brotli -11) for our browser files
// and the published MCP-B alternatives (pinned devDependencies). Deterministic: one measurement.
// Usage: npm run build && node bench/sizes.mjs
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { appHostBrowserCode } from '../packages/app-host/browser-code.mjs';
import { isMain, writeResult } from './support.mjs';

const root = new URL('../', import.meta.url);
const file = (path) => readFileSync(new URL(path, root));
const measure = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** app-host's own browser code without Lit, the SDK, ext-apps and zod, exactly as its size budget counts it. */
async function appHostWithoutLit() {
  const { code, page } = await appHostBrowserCode();
  const a = measure(Buffer.from(code));
  const b = measure(Buffer.from(page));
  return { raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli };
}

/** Sizes of every file in figure 1, ours first. */
export async function measureSizes() {
  return [
    { label: 'webmcp-kit: webmcp.iife.js (declarative forms included)', ours: true, ...measure(file('packages/webmcp/dist/webmcp.iife.js')) },
    { label: 'webmcp-kit: webmcp-offers.iife.js (prompts/resources add-on)', ours: true, ...measure(file('packages/webmcp/dist/webmcp-offers.iife.js')) },
    { label: 'webmcp-kit: bridge-page.iife.js', ours: true, ...measure(file('packages/bridge/dist/bridge-page.iife.js')) },
    { label: 'webmcp-kit: app-host without Lit (+ proxy page)', ours: true, ...(await appHostWithoutLit()) },
    { label: '@mcp-b/webmcp-polyfill 5.1.0 index.iife.js', ours: false, ...measure(file('node_modules/@mcp-b/webmcp-polyfill/dist/index.iife.js')) },
    { label: '@mcp-b/global 5.1.0 index.iife.js', ours: false, ...measure(file('node_modules/@mcp-b/global/dist/index.iife.js')) },
  ];
}

if (isMain(import.meta.url)) {
  const sizes = await measureSizes();
  console.log('| file | raw B | gzip B | brotli B |\n|---|---|---|---|');
  for (const s of sizes) console.log(`| ${s.label} | ${s.raw} | ${s.gzip} | ${s.brotli} |`);
  writeResult('sizes.json', sizes);
}
