/**
 * Size budget: the package's own browser code (everything `src/index.ts` pulls in, plus the proxy
 * page as served, its script minified like build.mjs ships it), gzipped, leaving out Lit, the MCP
 * SDK, ext-apps and zod.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, minifySync, type Rollup } from 'vite';
import { expect, it } from 'vitest';
import { renderProxyPage } from '../src/proxy/proxy-page';

const BUDGET = 15_000;
const EXTERNAL = [/^lit(\/|$)/, /^@lit\//, /^@modelcontextprotocol\//, /^zod(\/|$)/];

it(`keeps the browser code within ${BUDGET} bytes gzip`, async () => {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('../src/index.ts', import.meta.url)), formats: ['es'], fileName: 'index' },
      rollupOptions: { external: EXTERNAL },
    },
  })) as Rollup.RollupOutput[];
  const code = result.flatMap((r) => r.output).map((chunk) => ('code' in chunk ? chunk.code : '')).join('');
  const imports = [...code.matchAll(/from\s*"([^"]+)"/g)].map((m) => m[1]!);
  expect(imports.every((id) => EXTERNAL.some((re) => re.test(id)))).toBe(true);
  const page = renderProxyPage().replace(/<script>([\s\S]*)<\/script>/, (_, script: string) => `<script>${minifySync('proxy.js', script).code}</script>`);
  expect(page).toContain('ui/notifications/sandbox-');
  const bytes = gzipSync(code, { level: 9 }).length + gzipSync(page, { level: 9 }).length;
  console.log(`app-host browser code: ${bytes} B gzip (budget ${BUDGET})`);
  expect(bytes).toBeGreaterThan(2_000); // the build really contains the elements
  expect(bytes).toBeLessThanOrEqual(BUDGET);
}, 60_000);
