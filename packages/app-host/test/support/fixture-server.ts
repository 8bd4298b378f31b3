/**
 * A real MCP server (SDK McpServer over Streamable HTTP on loopback) for the cases the npm test
 * servers can't show: it serves the real debug app, but with `debug-tool` visible to the model
 * only, plus a resource with the wrong MIME type and one declaring a CSP.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { serveMcpOverHttp } from './mcp-http-server';

const DEBUG_APP = fileURLToPath(
  new URL('../../../../node_modules/@modelcontextprotocol/server-debug/dist/mcp-app.html', import.meta.url),
);
const MIME = 'text/html;profile=mcp-app';
// A minimal hand-written view speaking raw JSON-RPC, for exact message sequences: after the
// handshake it reports sizes 300, 297 (a 3 px shrink) and 290, then reads a resource through the
// host and posts what it got as a ui/message.
const PROBE_APP = `<!doctype html><html><body><script>
const send = (m) => parent.postMessage({ jsonrpc: '2.0', ...m }, '*');
addEventListener('message', ({ data }) => {
  if (data.id === 1) {
    send({ method: 'ui/notifications/initialized', params: {} });
    for (const height of [300, 297, 290]) send({ method: 'ui/notifications/size-changed', params: { height } });
    send({ id: 2, method: 'resources/read', params: { uri: 'ui://fixture/wrong-mime.html' } });
  } else if (data.id === 2) {
    const text = data.result ? 'read:' + data.result.contents[0].text : 'error:' + data.error.message;
    send({ id: 3, method: 'ui/message', params: { role: 'user', content: [{ type: 'text', text }] } });
  }
});
send({ id: 1, method: 'ui/initialize', params: { protocolVersion: '2026-01-26', appInfo: { name: 'probe', version: '1' }, appCapabilities: {} } });
</script></body></html>`;

/** Starts the fixture server; `calls` records every tool execution as `name`. */
export async function startFixtureServer(options: { connectDomains: string[] }) {
  const html = readFileSync(DEBUG_APP, 'utf8');
  const calls: string[] = [];
  const build = () => {
    const server = new McpServer({ name: 'app-host fixture', version: '1.0.0' });
    const appTool = (name: string, uri: string, visibility: string[]) =>
      server.registerTool(
        name,
        { description: name, inputSchema: { type: z.string().optional(), payload: z.unknown().optional() }, _meta: { ui: { resourceUri: uri, visibility } } },
        async () => {
          calls.push(name);
          return { content: [{ type: 'text', text: `${name} ran` }] };
        },
      );
    appTool('debug-tool', 'ui://fixture/debug.html', ['model']);
    appTool('debug-log', 'ui://fixture/debug.html', ['app']);
    appTool('wrong-mime', 'ui://fixture/wrong-mime.html', ['model', 'app']);
    appTool('with-csp', 'ui://fixture/with-csp.html', ['model', 'app']);
    appTool('probe', 'ui://fixture/probe.html', ['model', 'app']);
    server.registerResource('probe', 'ui://fixture/probe.html', { mimeType: MIME }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: MIME, text: PROBE_APP }],
    }));
    server.registerResource('debug', 'ui://fixture/debug.html', { mimeType: MIME }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: MIME, text: html }],
    }));
    server.registerResource('wrong-mime', 'ui://fixture/wrong-mime.html', { mimeType: 'text/html' }, async (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/html', text: '<p>not an app</p>' }],
    }));
    // The listing declares a connect domain and the content item a different one: content wins.
    server.registerResource(
      'with-csp',
      'ui://fixture/with-csp.html',
      { mimeType: MIME, _meta: { ui: { csp: { connectDomains: ['https://listing.invalid'] }, prefersBorder: true } } },
      async (uri) => ({
        contents: [{ uri: uri.href, mimeType: MIME, text: html, _meta: { ui: { csp: { connectDomains: options.connectDomains } } } }],
      }),
    );
    return server;
  };
  const { url, close } = await serveMcpOverHttp(build);
  return { url, calls, close };
}
