/**
 * @module
 * Agent console entry: an MCP SDK client connected to the bridge's `/mcp` drives
 * `<mcp-tool-console>`, which renders tools with a UI (the product card) through the sandbox proxy.
 */
import { MCP_APPS_CLIENT_CAPABILITIES, type McpToolConsole } from '@webmcp-kit/app-host';
import '@webmcp-kit/app-host';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker';
import { readPageConfig, type ConsoleConfig } from './page-config';
import './console.css';

const config = readPageConfig<ConsoleConfig>();
const toolConsole = document.querySelector<McpToolConsole>('mcp-tool-console')!;
const status = document.getElementById('connection-status')!;
const reconnectButton = document.getElementById('reconnect') as HTMLButtonElement;
let client: Client | undefined;

function show(state: 'connecting' | 'connected' | 'error', text: string): void {
  status.dataset.state = state;
  status.textContent = text;
  reconnectButton.disabled = state === 'connecting';
}

async function connectClient(): Promise<void> {
  if (!config.mcpUrl) {
    show('error', 'No bridge configured: start the demo with "npm start" and open the console URL it prints.');
    return;
  }
  show('connecting', `Connecting to ${config.mcpUrl}…`);
  const previous = client;
  client = undefined; // so the old client's onclose does not report an error
  await previous?.close().catch(() => {});
  // The cfworker validator needs no eval, so the console runs under a CSP without 'unsafe-eval'.
  const next = new Client(
    { name: 'webmcp-kit-demo-console', version: '1.0.0' },
    { capabilities: MCP_APPS_CLIENT_CAPABILITIES, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() },
  );
  const headers: Record<string, string> = config.clientToken ? { Authorization: `Bearer ${config.clientToken}` } : {};
  next.onclose = () => {
    if (client === next) show('error', 'The connection to the bridge closed.');
  };
  try {
    await next.connect(new StreamableHTTPClientTransport(new URL(config.mcpUrl), { requestInit: { headers } }));
  } catch (error) {
    show('error', `Could not connect to the bridge: ${(error as Error).message}`);
    return;
  }
  client = next;
  if (config.sandboxUrl) toolConsole.sandbox = config.sandboxUrl;
  toolConsole.client = next;
  show('connected', `Connected to ${config.mcpUrl}`);
}

reconnectButton.addEventListener('click', () => void connectClient());
await connectClient();
document.documentElement.dataset.ready = 'true';
