/**
 * @module
 * Graceful exit of the `webmcp-bridge` command: on SIGTERM or SIGINT (or stdin ending in `--stdio`
 * mode) the bridge stops accepting, answers every call in flight with an error result
 * (`bridge shutting down`), closes its sessions and pages, and the process exits 0. With
 * `--cdp`/`--launch` the browser connection is closed too (a launched browser is stopped), and the
 * browser going away (closed by its user, or crashed) stops the bridge the same way.
 */
import type { Bridge } from './bridge';
import type { ConnectedBrowser } from './browser-reach';
import { writeStderr } from './log';

/** Longest a graceful close may take before the process exits anyway. */
const SHUTDOWN_BOUND_MS = 3000;

/** Installs the signal handlers; a second signal exits at once. */
export function installShutdown(bridge: Bridge, options: { stdio: boolean; browser?: ConnectedBrowser }): void {
  const { browser } = options;
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(0);
    stopping = true;
    setTimeout(() => process.exit(0), SHUTDOWN_BOUND_MS).unref();
    // bridge.close() answers the calls in flight at once, before the browser's pages go away.
    void Promise.allSettled([bridge.close(), browser?.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (options.stdio) process.stdin.on('end', stop);
  void browser?.disconnected.then(() => {
    if (stopping) return;
    writeStderr('webmcp-bridge: the browser connection closed; stopping.\n');
    stop();
  });
}
