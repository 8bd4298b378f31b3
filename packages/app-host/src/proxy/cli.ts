/**
 * @module
 * `mcp-app-sandbox-proxy [--port 8081] [--host 127.0.0.1] [--host-origin http://localhost:8080]…`
 */
import { createSandboxProxyServer } from './sandbox-proxy-server';

const USAGE = 'Usage: mcp-app-sandbox-proxy [--port <n>] [--host <addr>] [--host-origin <origin>]...';

function parseArgs(argv: string[]): { port: number; host: string; hostOrigins: string[] } {
  const out = { port: 8081, host: '127.0.0.1', hostOrigins: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
      return v;
    };
    if (flag === '--port') {
      const v = value();
      out.port = Number(v);
      if (!/^\d+$/.test(v) || out.port > 65535) throw new Error(`--port: expected 0-65535, got "${v}". ${USAGE}`);
    } else if (flag === '--host') out.host = value();
    else if (flag === '--host-origin') out.hostOrigins.push(value());
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown argument "${argv[i]}". ${USAGE}`);
  }
  return out;
}

try {
  const args = parseArgs(process.argv.slice(2));
  const server = await createSandboxProxyServer({
    port: args.port,
    host: args.host,
    ...(args.hostOrigins.length ? { hostOrigins: args.hostOrigins } : {}),
  });
  console.log(`MCP App sandbox proxy listening on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
