#!/usr/bin/env node
// `npx @webmcp-kit/app-host`: runs dist/proxy-cli.js. A published package ships dist/; in a fresh clone (after
// `npm ci`, before any build) it is missing, so the first run builds this package once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/proxy-cli.js', import.meta.url);
const build = fileURLToPath(new URL('../build.mjs', import.meta.url));
if (!existsSync(cli) && existsSync(build)) {
  process.stderr.write('@webmcp-kit/app-host: first run in this clone, building dist/proxy-cli.js (npm run build -w @webmcp-kit/app-host)\n');
  // Build output goes to stderr: stdout may be an MCP stdio stream.
  const run = spawnSync(process.execPath, [build], { stdio: ['ignore', 2, 2] });
  if (run.status !== 0) {
    process.stderr.write(`@webmcp-kit/app-host: the build failed (${run.error?.message ?? `exit ${run.status}`}); run npm run build -w @webmcp-kit/app-host to see why\n`);
    process.exit(1);
  }
}
await import(cli.href);
