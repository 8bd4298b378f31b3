// Watches the storefront's cart as an MCP client would: completes a prompt argument, subscribes to
// storefront://cart and prints the cart each time the page says it changed.
// Run in demo/: CLIENT_TOKEN=<printed by npm start> node scripts/watch-cart.mjs  (MCP_URL to override the endpoint)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';

if (!process.env.CLIENT_TOKEN) {
  console.error('Set CLIENT_TOKEN to the client token npm start printed');
  process.exit(1);
}
const url = new URL(process.env.MCP_URL ?? 'http://127.0.0.1:8765/mcp');
const client = new Client({ name: 'watch-cart', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${process.env.CLIENT_TOKEN}` } },
}));
const { completion } = await client.complete({ ref: { type: 'ref/prompt', name: 'compare_products' }, argument: { name: 'first', value: 'wool' } });
console.log('SKUs starting "wool":', completion.values);
client.setNotificationHandler(ResourceUpdatedNotificationSchema, async ({ params }) => {
  const { contents } = await client.readResource({ uri: params.uri });
  console.log(`${params.uri} changed:`, contents[0].text);
});
await client.subscribeResource({ uri: 'storefront://cart' });
console.log('Watching storefront://cart: add something to the cart in the storefront tab (Ctrl+C to stop)');
