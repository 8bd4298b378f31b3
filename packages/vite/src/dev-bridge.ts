/** @module Starts a bridge for `vite dev`, or reuses the one already listening on the port. */
import { createBridge, type Bridge, type LogSink } from '@webmcp-kit/bridge';
import type { ResolvedOptions } from './options';

/** The bridge a dev server talks to: one it started, or one it found running. */
export interface DevBridge {
  /** Base URL pages connect to, e.g. `http://127.0.0.1:8765`. */
  url: string;
  /** The page token, or undefined for a reused bridge whose token was not given. */
  pageToken: string | undefined;
  /** The client token, when known. */
  clientToken: string | undefined;
  /** True when this plugin started the bridge (and so closes it). */
  owned: boolean;
  close(): Promise<void>;
}

const HEALTH_TIMEOUT_MS = 1500;

/** True when a webmcp-bridge answers `/healthz` on `127.0.0.1:port`. */
export async function isBridgeListening(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    if (!res.ok) return false;
    const body = (await res.json()) as { ok?: unknown };
    return body?.ok === true;
  } catch {
    return false;
  }
}

/** Reuses a bridge answering on the port, else starts one with the resolved options. */
export async function startDevBridge(options: ResolvedOptions, logSink?: LogSink): Promise<DevBridge> {
  if (options.port !== 0 && (await isBridgeListening(options.port))) {
    return {
      url: `http://127.0.0.1:${options.port}`,
      pageToken: options.pageToken,
      clientToken: options.clientToken,
      owned: false,
      close: async () => {},
    };
  }
  const bridge: Bridge = createBridge({
    port: options.port,
    pageToken: options.pageToken,
    clientToken: options.clientToken,
    allowOrigins: options.allowOrigin,
    logLevel: 'warn',
    logSink,
  });
  await bridge.listen();
  return {
    url: bridge.url,
    pageToken: bridge.pageToken,
    clientToken: bridge.clientToken,
    owned: true,
    close: () => bridge.close(),
  };
}

/** The one-line client configuration (Claude Code's `mcp add`), printed once per bridge. */
export function clientConfigLine(bridge: Pick<DevBridge, 'url' | 'clientToken'>): string {
  const header = bridge.clientToken ? ` --header "Authorization: Bearer ${bridge.clientToken}"` : '';
  return `claude mcp add --transport http webmcp ${bridge.url}/mcp${header}`;
}
