// Builds the browser entry (elements), the proxy entry and its CLI as ESM, then the .d.ts files.
// Lit, the MCP SDK, ext-apps and zod stay external: apps share one copy with the page.
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });

/** Bare imports that are dependencies, not part of this package's code. */
const EXTERNAL = [/^lit(\/|$)/, /^@lit\//, /^@modelcontextprotocol\//, /^zod(\/|$)/, /^node:/];
const common = { root, configFile: false, logLevel: 'warn' };

await build({
  ...common,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    rollupOptions: { external: EXTERNAL, output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
// Server side, minified: the proxy page's script is the source text of a function in this bundle,
// so minifying here is what makes the page small.
await build({
  ...common,
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      input: { proxy: 'src/proxy/index.ts', 'proxy-cli': 'src/proxy/cli.ts' },
      external: EXTERNAL,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
const cli = `${root}dist/proxy-cli.js`;
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
