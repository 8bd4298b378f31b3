// Builds the extension into dist/: each script as one self-contained classic script (content
// scripts cannot be modules; no remote code, no eval), plus the manifest and pages from public/.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const dist = `${root}dist`;
rmSync(dist, { recursive: true, force: true });
cpSync(`${root}public`, dist, { recursive: true });

for (const name of ['background', 'page-main', 'page-relay', 'popup', 'options']) {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: dist,
      emptyOutDir: false,
      target: 'chrome116',
      minify: true,
      lib: { entry: `${root}src/${name}.ts`, formats: ['iife'], name: name.replace(/-/g, '_'), fileName: () => `${name}.js` },
    },
  });
}
