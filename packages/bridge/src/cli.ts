/**
 * @module
 * The `webmcp-bridge` command: starts a bridge, prints its tokens and ready-to-paste client
 * configuration on stderr (stdout is reserved for `--stdio`), and logs JSON lines to stderr.
 */
import { createBridge, type Bridge } from './bridge';
import { HELP, parseCliArgs, startBanner } from './cli-options';
import { isBridgeError } from './errors';
import { installShutdown } from './shutdown';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`webmcp-bridge: ${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stderr.write(HELP);
    return;
  }
  let bridge: Bridge;
  try {
    bridge = createBridge(parsed.options);
    await bridge.listen();
  } catch (e) {
    process.stderr.write(`webmcp-bridge: ${isBridgeError(e) ? e.message : String(e)}\n`);
    process.exit(isBridgeError(e) && e.code === 'WEBMCP_BRIDGE_INVALID_OPTION' ? 2 : 1);
  }
  if (!bridge.clientToken) {
    process.stderr.write('WARNING: client authentication is disabled (--no-client-auth); any local process can call page tools.\n');
  }
  process.stderr.write(`${startBanner(bridge)}\n`);
  installShutdown(bridge, { stdio: parsed.stdio });
  if (parsed.stdio) await bridge.serveStdio();
}

void main();
