/**
 * @module
 * Runs the built `webmcp-bridge` command as a user would, reads what its start banner says (MCP
 * endpoint, client token, DevTools endpoint of the browser it reaches), and stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../packages/bridge/dist/cli.js', import.meta.url));

/** A running `webmcp-bridge` process. */
export interface BridgeCli {
  readonly mcpUrl: string;
  readonly clientToken: string;
  /** The DevTools WebSocket of the browser it attached to or started. */
  readonly devtools: string;
  /** The whole banner. */
  readonly banner: string;
  /** Stops the process (and a browser it launched); resolves when it has exited. */
  close(): Promise<void>;
}

/** Starts `webmcp-bridge` with `args` and resolves once its banner is out (rejects after `timeoutMs`). */
export async function startBridgeCli(args: string[], timeoutMs = 30_000): Promise<BridgeCli> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build -w @webmcp-kit/bridge" first`);
  const proc: ChildProcess = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'warn', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const banner = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      reject(new Error(`webmcp-bridge printed no banner within ${timeoutMs} ms:\n${text}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      text += d.toString();
      if (!/MCP Inspector CLI:\n.*\n/.test(text)) return;
      clearTimeout(timer);
      // Stop collecting after start-up; later log lines are discarded, not buffered.
      proc.stderr!.off('data', onData);
      proc.stderr!.resume();
      resolve(text);
    };
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`webmcp-bridge exited with code ${code} before its banner:\n${text}`));
    });
  });
  const pick = (re: RegExp, what: string) => {
    const m = re.exec(banner);
    if (!m) throw new Error(`no ${what} in the banner:\n${banner}`);
    return m[1]!;
  };
  return {
    banner,
    mcpUrl: `${pick(/webmcp-bridge listening on (http:\/\/\S+)/, 'URL')}/mcp`,
    clientToken: pick(/Client token: (\S+)/, 'client token'),
    devtools: pick(/(?:DevTools: |Attached over DevTools to )(\S+)/, 'DevTools endpoint'),
    async close() {
      proc.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) proc.kill('SIGKILL');
    },
  };
}
