/**
 * @module
 * `launchChromium()`: starts Chromium with native WebMCP and a DevTools endpoint on a free loopback
 * port, in a fresh temporary profile unless one is given, and stops it (and removes that profile)
 * on `close()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeError } from '../errors';
import { chromiumArgs, findChromium } from './chromium.mjs';

/** Options for {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** Profile folder; kept after close. @default a new temporary folder, removed on close */
  userDataDir?: string;
  /** Run without a window. @default false */
  headless?: boolean;
  /** Chromium binary. @default found like the tests find it (CHROMIUM_PATH, /usr/bin/chromium, …) */
  executablePath?: string;
  /** Turn on Chromium's native WebMCP. @default true */
  webmcp?: boolean;
  /** Bound of the start-up. @default 20000 */
  timeoutMs?: number;
}

/** A running Chromium, returned by {@link launchChromium}. */
export interface LaunchedChromium {
  /** The browser's DevTools WebSocket URL. */
  readonly endpoint: string;
  /** The profile folder in use. */
  readonly userDataDir: string;
  /** Resolves when the browser has exited (whoever ended it). */
  readonly exited: Promise<void>;
  /** Stops the browser; removes the profile when it was a temporary one. */
  close(): Promise<void>;
}

/** Starts Chromium with WebMCP enabled and remote debugging on a free loopback port. */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  let executable: string;
  try {
    executable = options.executablePath ?? findChromium();
  } catch (e) {
    throw new BridgeError('WEBMCP_BRIDGE_LAUNCH_FAILED', (e as Error).message, { cause: e });
  }
  const temporary = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'webmcp-bridge-profile-'));
  const args = [
    ...chromiumArgs({ webmcp: options.webmcp ?? true }),
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${userDataDir}`,
    '--no-default-browser-check',
    ...(options.headless ? ['--headless'] : []),
    'about:blank',
  ];
  // Its own process group: Debian's /usr/bin/chromium is a shell wrapper around the real binary.
  const child: ChildProcess = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timeoutMs = options.timeoutMs ?? 20_000;
  const cleanup = () => {
    if (temporary) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };

  let endpoint: string;
  try {
    endpoint = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`no DevTools endpoint within ${timeoutMs} ms`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-8192);
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
        if (!match) return;
        clearTimeout(timer);
        // Stop reading once started: a growing buffer would cost more with every line Chromium logs.
        child.stderr!.off('data', onData);
        child.stderr!.resume();
        resolve(match[1]!);
      };
      child.stderr!.on('data', onData);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited with code ${code} before it was ready: ${seen.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
  } catch (e) {
    kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    cleanup();
    throw new BridgeError('WEBMCP_BRIDGE_LAUNCH_FAILED', `Cannot start ${executable}: ${(e as Error).message}`, { cause: e });
  }

  return {
    endpoint,
    userDataDir,
    exited,
    async close() {
      kill();
      const bounded = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
      if (!bounded) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      }
      cleanup();
    },
  };
}
