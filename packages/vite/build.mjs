// Builds the Node-side plugin (ESM), then .d.ts.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });

await build({
  configFile: false,
  logLevel: 'warn',
  root,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'node20',
    ssr: true,
    minify: false,
    rollupOptions: {
      input: { index: `${root}src/index.ts` },
      external: [/^@webmcp-kit\//, /^vite$/, /^node:/, ...builtinModules],
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
execFileSync(process.execPath, [`${root}../../node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
