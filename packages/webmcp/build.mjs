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
    lib: { entry: { index: 'src/index.ts', install: 'src/install-entry.ts' }, formats: ['es'] },
    rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
  },
});
// The script include loads declarative-form support on demand (see src/declarative-forms-lazy.ts).
const lazyForms = {
  name: 'webmcp-kit:lazy-declarative-forms',
  enforce: 'pre',
  resolveId(source, importer) {
    return source === './declarative-forms' && importer?.endsWith('.ts') ? `${root}src/declarative-forms-lazy.ts` : null;
  },
};
await build({
  ...common,
  plugins: [...common.plugins, lazyForms],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'src/iife.ts', formats: ['iife'], name: 'WebMCPKitBundle', fileName: () => 'webmcp.iife.js' },
  },
});
await build({
  ...common,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'src/declarative-forms.ts', formats: ['es'], fileName: () => 'webmcp-forms.js' },
    // Lib mode keeps ES output readable; this chunk is loaded by pages, so minify it fully.
    rollupOptions: { output: { minify: true } },
  },
});
// The same script with form support built in, for injection where there is no script URL to load
// webmcp-forms.js from (webmcp-bridge --polyfill evaluates it over the DevTools Protocol).
await build({
  ...common,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'src/iife.ts', formats: ['iife'], name: 'WebMCPKitBundle', fileName: () => 'webmcp-full.iife.js' },
  },
});
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
