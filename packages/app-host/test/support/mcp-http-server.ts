/**
 * The HTTP side the test MCP servers share: a stateless Streamable HTTP endpoint at `/mcp` on
 * loopback (port 0), open to any origin (CORS), with a fresh `McpServer` from `build` per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/**
 * Serves `build()` over Streamable HTTP. `intercept` sees each non-preflight request first and
 * returns true when it answered it itself.
 */
export async function serveMcpOverHttp(
  build: () => McpServer,
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<{ base: string; url: string; close(): Promise<void> }> {
  const http = createServer(async (req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (intercept?.(req, res)) return;
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    base,
    url: `${base}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
