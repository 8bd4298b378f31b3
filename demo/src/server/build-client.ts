/**
 * @module
 * Builds the storefront and console pages with Vite (from the packages' sources, so no package
 * build is needed), and tells whether the last build is still fresh.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The demo folder (holds index.html and console.html), found from this file in source or bundle form. */
export function findDemoRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'console.html')) && existsSync(join(dir, 'index.html'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find the demo folder (with index.html and console.html) above ${start}`);
  }
}

const STAMP = '.build-stamp';

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'server') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

/** Sources the client build depends on. */
function sources(demoRoot: string): string[] {
  const repo = dirname(demoRoot);
  return [
    join(demoRoot, 'index.html'),
    join(demoRoot, 'console.html'),
    join(demoRoot, 'src'),
    join(demoRoot, 'public'),
    join(repo, 'packages/webmcp/src'),
    join(repo, 'packages/bridge/src/page'),
    join(repo, 'packages/bridge/src/protocol.ts'),
    join(repo, 'packages/app-host/src'),
  ];
}

/** Where the built pages go. */
export const clientDir = (demoRoot: string): string => join(demoRoot, 'dist/client');

/** True when `dist/client` exists and is newer than every source it is built from. */
export function isClientFresh(demoRoot: string): boolean {
  const stamp = join(clientDir(demoRoot), STAMP);
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return sources(demoRoot).every((s) => newest(s) <= built);
}

/** Builds the storefront (`index.html`) and the console (`console.html`) into `dist/client`. */
export async function buildClient(demoRoot: string): Promise<void> {
  const repo = dirname(demoRoot);
  const { build } = await import('vite');
  const pluginUrl = new URL(`file://${join(repo, 'packages/webmcp/vite-plugin-formats.mjs')}`).href;
  const { formatsAsAnnotations } = (await import(pluginUrl)) as { formatsAsAnnotations(): import('vite').Plugin };
  const src = (p: string) => join(repo, 'packages', p);
  const startedAt = Date.now();
  await build({
    configFile: false,
    root: demoRoot,
    logLevel: 'warn',
    resolve: {
      alias: {
        '@webmcp-kit/webmcp/install': src('webmcp/src/install-entry.ts'),
        '@webmcp-kit/webmcp': src('webmcp/src/index.ts'),
        '@webmcp-kit/bridge/page': src('bridge/src/page/index.ts'),
        '@webmcp-kit/app-host': src('app-host/src/index.ts'),
      },
    },
    plugins: [formatsAsAnnotations()],
    build: {
      outDir: clientDir(demoRoot),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 1500,
      rollupOptions: { input: { index: join(demoRoot, 'index.html'), console: join(demoRoot, 'console.html') } },
    },
  });
  // Stamp with the start time, so a source saved during the build still counts as newer.
  const stamp = join(clientDir(demoRoot), STAMP);
  writeFileSync(stamp, `${new Date(startedAt).toISOString()}\n`);
  const { utimesSync } = await import('node:fs');
  utimesSync(stamp, startedAt / 1000, startedAt / 1000);
}

const LOCK_STALE_MS = 120_000;

/**
 * Builds the pages unless they are fresh, holding `dist/.build-lock` so that several processes
 * starting the demo at once (parallel test workers) build once and never serve a half-written
 * `dist/client`.
 */
export async function ensureClientBuilt(demoRoot: string, force = false): Promise<void> {
  if (!force && isClientFresh(demoRoot)) return;
  const lock = join(demoRoot, 'dist/.build-lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A process that died mid-build leaves its lock behind.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another demo build to finish (${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    if (force || !isClientFresh(demoRoot)) await buildClient(demoRoot);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
