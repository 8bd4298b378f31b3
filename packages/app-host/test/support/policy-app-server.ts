/**
 * A real MCP server (SDK `McpServer` over Streamable HTTP on loopback) serving the policy probe
 * app (fixtures/policy-app.ts, bundled with the real ext-apps `App` into one HTML document) with a
 * declared `_meta.ui.csp`, so links inside and outside the declared domains can be told apart.
 */
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { build } from 'vite';
import { serveMcpOverHttp } from './mcp-http-server';

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
  const { url, close } = await serveMcpOverHttp(build);
  return { url, close };
}
