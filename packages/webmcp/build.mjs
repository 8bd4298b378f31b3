// Builds the ESM entries (index, install, lit), the self-installing IIFE and its prompts/resources
// add-on IIFE, then the .d.ts files.
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
// Prompts and resources are a second IIFE, an opt-in add-on: pages that only offer tools don't
// pay its ~1.9 KB gzip. An IIFE build takes one entry, hence one build each.
const iifes = { 'webmcp.iife.js': 'src/iife.ts', 'webmcp-offers.iife.js': 'src/offers-iife.ts' };
for (const [fileName, entry] of Object.entries(iifes)) {
  await build({
    ...common,
    plugins: [...common.plugins, leanValidator()],
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['iife'], name: 'WebMCPKitBundle', fileName: () => fileName },
    },
  });
}
// A second minification with Terser's extra passes takes ~180 B gzip more off what pages load;
// passes 3 and unsafe_arrows/unsafe_methods (no such function is ever called with `new`) ~50 B.
// Property names are mangled only for the validator's internal records and fields, which never
// leave the bundle (never public, never shared across bundles through a registry): ~75 B.
for (const fileName of Object.keys(iifes)) {
  const iife = `${root}dist/${fileName}`;
  const squeezed = await minify(readFileSync(iife, 'utf8'), {
    compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
    mangle: { properties: { regex: /^(instanceLocation|keyword|shortCircuit|lookup|draft)$/ } },
    ecma: 2020,
  });
  writeFileSync(iife, squeezed.code);
}
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
