// What app-host's size budget counts: the package's own browser code (everything src/index.ts pulls
// in, minified, leaving out Lit, the MCP SDK, ext-apps and zod) and the sandbox proxy page as the
// built proxy serves it. Shared by test/size-budget.test.ts and bench/sizes.mjs.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/** Bare imports that are dependencies, not the package's own code. */
export const EXTERNAL = [/^lit(\/|$)/, /^@lit\//, /^@modelcontextprotocol\//, /^zod(\/|$)/];

/** Builds the browser code and reads the proxy page (needs `npm run build` for dist/proxy.js). */
export async function appHostBrowserCode() {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('src/index.ts', import.meta.url)), formats: ['es'], fileName: 'index' },
      rollupOptions: { external: EXTERNAL },
    },
  });
  const code = [result].flat().flatMap((r) => r.output).map((chunk) => ('code' in chunk ? chunk.code : '')).join('');
  const proxyUrl = new URL('dist/proxy.js', import.meta.url);
  let proxy;
  try {
    proxy = await import(proxyUrl.href);
  } catch (error) {
    throw new Error(`${fileURLToPath(proxyUrl)} is missing: run \`npm run build -w @webmcp-kit/app-host\` first (npm test does)`, { cause: error });
  }
  const page = await proxy.createSandboxProxyHandler()(new Request(`http://127.0.0.1/?nonce=${'0'.repeat(32)}`)).text();
  return { code, page };
}
