// Builds the ESM entry (React, @mcp-ui/client and our packages stay external), then .d.ts.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
rmSync(`${root}dist`, { recursive: true, force: true });

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: false,
    sourcemap: true,
    target: 'es2022',
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    rollupOptions: { output: { chunkFileNames: '[name].js' }, external: [/^react($|\/)/, /^react-dom($|\/)/, /^@mcp-ui\//, /^@modelcontextprotocol\//, /^@webmcp-kit\//] },
  },
});
execFileSync(process.execPath, [`${root}../../node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
