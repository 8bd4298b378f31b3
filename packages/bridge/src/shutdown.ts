/**
 * @module
 * Graceful exit of the `webmcp-bridge` command: on SIGTERM or SIGINT (or stdin ending in `--stdio`
 * mode) the bridge stops accepting, answers every call in flight with an error result
 * (`bridge shutting down`), closes its sessions and pages, and the process exits 0.
 */
import type { Bridge } from './bridge';

/** Longest a graceful close may take before the process exits anyway. */
const SHUTDOWN_BOUND_MS = 3000;

/** Installs the signal handlers; a second signal exits at once. */
export function installShutdown(bridge: Bridge, options: { stdio: boolean }): void {
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(0);
    stopping = true;
    setTimeout(() => process.exit(0), SHUTDOWN_BOUND_MS).unref();
    void bridge.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (options.stdio) process.stdin.on('end', stop);
}
