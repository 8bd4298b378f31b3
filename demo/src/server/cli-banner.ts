/** @module The text `npm start` prints: URLs, the client token and client configurations. */
import type { Demo } from './start-demo';

/** The start banner. */
export function banner(demo: Demo): string {
  const header = `--header "Authorization: Bearer ${demo.clientToken}"`;
  return [
    '',
    'webmcp-kit demo is running (everything on 127.0.0.1)',
    '',
    `  Storefront     ${demo.storefrontUrl}`,
    `  Agent console  ${demo.consoleUrl}`,
    `  MCP endpoint   ${demo.mcpUrl}`,
    `  Client token   ${demo.clientToken}`,
    '',
    'Open the storefront, then the console (or connect your own MCP client):',
    '',
    'mcp.json:',
    JSON.stringify(demo.clientConfig, null, 2).replace(/^/gm, '  '),
    '',
    'Claude Code:',
    `  claude mcp add --transport http webmcp ${demo.mcpUrl} ${header}`,
    '',
    'MCP Inspector CLI:',
    `  npx @modelcontextprotocol/inspector-cli --cli ${demo.mcpUrl} --transport http ${header} --method tools/list`,
    '  (run it from demo/: inspector-cli 1.0.3 reads ../package.json from where it runs)',
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
