// Shared by the app-host tests and bench/app-host.mjs: starts the real third-party MCP servers on
// loopback, and builds + serves a host page that bundles <mcp-app-frame> from source.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
/** The official MCP Apps example servers installed from npm (devDependencies). */
export const EXAMPLE_SERVERS = ['basic-vanillajs', 'debug', 'map', 'threejs', 'pdf', 'sheet-music', 'transcript', 'shadertoy'];
const bin = (name) => here(`../../../../node_modules/@modelcontextprotocol/server-${name}/dist/index.js`);

/** Starts `@modelcontextprotocol/server-<name> ...args` bound to 127.0.0.1 on a free port. */
export async function startMcpServer(name, env = {}, args = []) {
  if (!EXAMPLE_SERVERS.includes(name)) throw new Error(`startMcpServer: unknown server "${name}"; expected one of ${EXAMPLE_SERVERS.join(', ')}`);
  const child = spawn(process.execPath, ['--import', pathToFileURL(here('./loopback-only.mjs')).href, bin(name), ...args], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-${name} did not start in 15 s:\n${output}`)), 15_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /\[loopback-only\] listening 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server-${name} exited (${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Bundles `entry` (a TS module) for the browser and serves it at `/` inside a blank page. */
export async function startHostPage(entry) {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: { input: entry, output: { format: 'es', entryFileNames: 'host.js', codeSplitting: false } },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output);
  const script = chunks.find((c) => c.fileName === 'host.js').code;
  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head>' +
    '<body><main id="root"></main><script type="module" src="/host.js"></script></body></html>';
  const server = createServer((req, res) => {
    if (req.url === '/host.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, origin: url.slice(0, -1), close: () => new Promise((resolve) => server.close(() => resolve())) };
}
