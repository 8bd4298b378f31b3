// Builds the demo: the Node server (bundled with esbuild; workspace packages from their sources
// through tsconfig paths) and the pages (Vite, via the server's own buildClient()).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

await build({
  entryPoints: {
    cli: `${root}src/server/cli.ts`,
    'start-demo': `${root}src/server/start-demo.ts`,
    'build-client': `${root}src/server/build-client.ts`,
  },
  outdir: `${root}dist/server`,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: `${root}../tsconfig.json`,
  logLevel: 'warning',
  plugins: [{
    // npm packages stay imports; only our workspace packages are bundled (from source).
    name: 'external-npm-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@webmcp-kit/')) return undefined;
        return { path: args.path, external: true };
      });
    },
  }],
});

const { buildClient, findDemoRoot } = await import('./dist/server/build-client.js');
const started = Date.now();
await buildClient(findDemoRoot(root));
console.log(`demo built in ${Date.now() - started} ms (server + pages in demo/dist)`);
