// Builds the ESM entries (index, install) and the self-installing IIFE, then the .d.ts files.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { formatsAsAnnotations } from './vite-plugin-formats.mjs';
import { leanValidator } from './vite-plugin-lean-validator.mjs';

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
  plugins: [...common.plugins, leanValidator()],
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    target: 'es2022',
    lib: { entry: 'src/iife.ts', formats: ['iife'], name: 'WebMCPKitBundle', fileName: () => 'webmcp.iife.js' },
  },
});
// A second minification with Terser's extra passes takes ~180 B gzip more off what pages load;
// passes 3 and unsafe_arrows/unsafe_methods (no such function is ever called with `new`) ~50 B.
// Property names are mangled only for the validator's internal records and fields, which never
// leave the bundle (never public, never shared across bundles through a registry): ~75 B.
const iife = `${root}dist/webmcp.iife.js`;
const squeezed = await minify(readFileSync(iife, 'utf8'), {
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
  mangle: { properties: { regex: /^(instanceLocation|keyword|shortCircuit|lookup|draft)$/ } },
  ecma: 2020,
});
writeFileSync(iife, squeezed.code);
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
