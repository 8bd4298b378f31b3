/**
 * A real MCP server (SDK `McpServer` over Streamable HTTP on loopback) serving the policy probe
 * app (fixtures/policy-app.ts, bundled with the real ext-apps `App` into one HTML document) with a
 * declared `_meta.ui.csp`, so links inside and outside the declared domains can be told apart.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { build } from 'vite';

const MIME = 'text/html;profile=mcp-app';
/** What the probe app declares: links to these open without the external-link confirmation. */
export const POLICY_APP_CSP = { connectDomains: ['https://api.example.com'], resourceDomains: ['https://*.cdn.example.com'] };

async function bundleApp(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: {
        input: fileURLToPath(new URL('../fixtures/policy-app.ts', import.meta.url)),
        output: { format: 'es', entryFileNames: 'app.js', codeSplitting: false },
      },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.fileName === 'app.js');
  if (!chunk || !('code' in chunk)) throw new Error('policy app bundle: no app.js');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Policy probe</title></head><body>` +
    `<script type="module">${chunk.code.replaceAll('</script', '<\\/script')}</script></body></html>`;
}

/** Starts the server; `policy-probe` is a tool whose UI is the probe app. */
export async function startPolicyAppServer() {
  const html = await bundleApp();
  const build = () => {
    const server = new McpServer({ name: 'app-host policy fixture', version: '1.0.0' });
    server.registerTool(
      'policy-probe',
      { title: 'Policy probe', description: 'Shows the policy probe app.', _meta: { ui: { resourceUri: 'ui://policy/app.html' } } },
      async () => ({ content: [{ type: 'text', text: 'probe ready' }] }),
    );
    server.registerResource('policy', 'ui://policy/app.html', { mimeType: MIME }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: MIME, text: html, _meta: { ui: { csp: POLICY_APP_CSP } } }],
    }));
    return server;
  };
  const http = createServer(async (req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
    res.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
