/**
 * @module
 * The `webmcp-bridge` command: starts a bridge, prints its tokens and ready-to-paste client
 * configuration on stderr (stdout is reserved for `--stdio`), and logs JSON lines to stderr.
 */
import { createBridge, type Bridge } from './bridge';
import { connectBrowser, type ConnectedBrowser } from './browser-reach';
import { HELP, parseCliArgs, startBanner, type BannerBrowser } from './cli-options';
import { isBridgeError } from './errors';
import { createLogger, writeStderr } from './log';
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
  let browser: ConnectedBrowser | undefined;
  let banner: BannerBrowser | undefined;
  try {
    bridge = createBridge(parsed.options);
    await bridge.listen();
    if (parsed.browser) {
      const log = createLogger(undefined, parsed.options.logLevel ?? 'info');
      browser = await connectBrowser(bridge, { ...parsed.browser, log }).catch(async (e: unknown) => {
        await bridge.close();
        throw e;
      });
      banner = { mode: parsed.browser.cdp ? 'cdp' : 'launch', endpoint: browser.endpoint, allowOrigins: parsed.browser.allowOrigins, polyfill: !!parsed.browser.polyfill };
    }
  } catch (e) {
    writeStderr(`webmcp-bridge: ${isBridgeError(e) ? e.message : String(e)}\n`);
    process.exit(isBridgeError(e) && e.code === 'WEBMCP_BRIDGE_INVALID_OPTION' ? 2 : 1);
  }
  if (!bridge.clientToken) {
    writeStderr('WARNING: client authentication is disabled (--no-client-auth); any local process can call page tools.\n');
  }
  writeStderr(`${startBanner(bridge, banner)}\n`);
  installShutdown(bridge, { stdio: parsed.stdio, browser });
  if (parsed.stdio) await bridge.serveStdio();
}

void main();
