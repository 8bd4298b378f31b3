// Builds the page side (ESM + IIFE for <script>) and the Node side (library + CLI), then .d.ts.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });

const quiet = { configFile: false, logLevel: 'warn', root };

await build({
  ...quiet,
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    lib: {
      entry: `${root}src/page/index.ts`,
      name: 'WebMCPBridge',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'page.js' : 'bridge-page.iife.js'),
    },
  },
});

const external = [/^@modelcontextprotocol\//, /^@cfworker\//, /^ws$/, /^re2js$/, /^node:/, ...builtinModules];
await build({
  ...quiet,
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'node20',
    ssr: true,
    minify: false,
    rollupOptions: {
      input: { index: `${root}src/index.ts`, cli: `${root}src/cli.ts` },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'bridge-core.js', banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
    },
  },
});
chmodSync(`${dist}/cli.js`, 0o755);

execFileSync(process.execPath, [`${root}../../node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
