/**
 * @module
 * `npx @webmcp-kit/app-host [--port 8081] [--host 127.0.0.1] [--domain localhost] [--strict] [--host-origin http://127.0.0.1:8080]…`
 */
import { parseProxyCliArgs, PROXY_CLI_USAGE } from './cli-args';
import { createSandboxProxyServer } from './sandbox-proxy-server';

try {
  const args = parseProxyCliArgs(process.argv.slice(2));
  if (args.help) {
    console.log(PROXY_CLI_USAGE);
    process.exit(0);
  }
  const server = await createSandboxProxyServer({
    port: args.port,
    host: args.host,
    domain: args.domain,
    ...(args.strict ? { profile: 'strict' as const } : {}),
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
