// Builds the ESM entries (index, install) and the self-installing IIFE, then the .d.ts files.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { formatsAsAnnotations } from './vite-plugin-formats.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });

const common = { root, configFile: false, logLevel: 'warn', plugins: [formatsAsAnnotations()] };
await build({
  ...common,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: { entry: { index: 'src/index.ts', install: 'src/install-entry.ts', lit: 'src/lit-entry.ts' }, formats: ['es'] },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
// Declarative-form support is bundled in: it must work however the script arrives (an init
// script, an extension, inline, an opaque origin), where nothing can be fetched from beside it.
await build({
  ...common,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'src/iife.ts', formats: ['iife'], name: 'WebMCPKitBundle', fileName: () => 'webmcp.iife.js' },
  },
});
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
