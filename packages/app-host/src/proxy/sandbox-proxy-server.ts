/**
 * @module
 * A tiny Node HTTP server around {@link createSandboxProxyHandler}, for development and tests.
 */
import type { AddressInfo } from 'node:net';
import { createSandboxProxyHandler, type SandboxProxyOptions } from './sandbox-proxy-handler';

/** Options for {@link createSandboxProxyServer}. */
export interface SandboxProxyServerOptions extends SandboxProxyOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /**
   * Sandbox domain; apps are served on `<label>.<domain>:<port>`. Chromium resolves every
   * `*.localhost` name to loopback, so the default needs no DNS. @default 'localhost'
   */
  domain?: string;
}

/** A running sandbox proxy server. */
export interface SandboxProxyServer {
  /** Base URL to give `<mcp-app-frame sandbox>`, e.g. `http://localhost:8081/` (apps load on `<label>.localhost:8081`). */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the sandbox proxy on `host:port` (loopback by default) and resolves once it listens. */
export async function createSandboxProxyServer(options: SandboxProxyServerOptions = {}): Promise<SandboxProxyServer> {
  const { createServer } = await import('node:http');
  const domain = options.domain ?? 'localhost';
  const handler = createSandboxProxyHandler({ ...options, domain });
  const host = options.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    try {
      const response = handler(
        new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? host}`), { method: req.method }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${domain}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
