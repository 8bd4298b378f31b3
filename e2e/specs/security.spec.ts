/**
 * Who may talk to the bridge: pages only from the demo's own origin, clients only with the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectClient, expect, test } from '../support/fixtures';

/** Serves a copy of the demo's pages (token included) from another loopback port: another origin. */
async function serveCopy(from: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    fetch(new URL(req.url ?? '/', from)).then(
      async (upstream) => {
        const headers: Record<string, string> = {};
        for (const name of ['content-type', 'content-security-policy', 'cache-control']) {
          const value = upstream.headers.get(name);
          if (value) headers[name] = value;
        }
        res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
      },
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('a copy of the storefront on another origin cannot connect, even with the page token', async ({ page, demo, mcp, bridgeLog }) => {
  const copy = await serveCopy(demo.storefrontUrl);
  try {
    const refused: string[] = [];
    page.on('websocket', (ws) => ws.on('socketerror', (error) => refused.push(`${ws.url()} ${error}`)));
    await page.goto(`${copy.origin}/`);
    await expect(page.locator('html[data-ready]')).toBeAttached();
    // The copy really is the storefront: its tools are registered in the page.
    expect(await page.evaluate(async () => (await document.modelContext.getTools()).length)).toBe(8);

    // The page keeps retrying (backoff ≤ 1 s); the bridge refuses each attempt by its Origin.
    await expect.poll(() => bridgeLog.filter((l) => l.msg === 'rejected page: Origin not allowed' && l.origin === copy.origin).length).toBeGreaterThanOrEqual(2);
    // The browser saw the upgrade refused: the page could not even open its socket.
    await expect.poll(() => refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]).toMatch(/\/page .*Unexpected response code: 403/);
    await expect(page.getByTestId('bridge-status')).toHaveAttribute('data-state', 'connecting');
    expect(demo.bridge.pages()).toEqual([]);
    expect(await mcp.toolNames()).toEqual([]);
  } finally {
    await copy.close();
  }
});

test('a client without the token, or with a wrong one, gets 401', async ({ demo }) => {
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } } };
  for (const authorization of [undefined, 'Bearer not-the-client-token', `Basic ${demo.clientToken}`]) {
    const response = await fetch(demo.mcpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(initialize),
    });
    expect(response.status, `Authorization: ${authorization}`).toBe(401);
    expect(await response.text()).toContain('Unauthorized');
  }
  await expect(connectClient(demo, undefined)).rejects.toMatchObject({ code: 401 });
  await expect(connectClient(demo, 'x'.repeat(43))).rejects.toMatchObject({ code: 401 });
  // The same request with the token is accepted.
  const ok = await connectClient(demo, demo.clientToken);
  await ok.client.close();
});
