/** @module Storefront entry: installs WebMCP, registers the tools, connects to the bridge. */
import { connect, type BridgeConnection } from '@webmcp-kit/bridge/page';
import { installModelContext } from '@webmcp-kit/webmcp';
import { z } from 'zod';
import { setUpNewsletter } from './newsletter';
import { readPageConfig, type StorefrontConfig } from './page-config';
import { Shop } from './shop';
import { ShopApp, type BridgeState } from './shop-app';
import { registerStorefrontOffers, type StorefrontOffers } from './offers';
import { registerStorefrontTools } from './tools';
import './styles.css';

// The page's CSP has no 'unsafe-eval'; tell zod not to probe for it.
z.config({ jitless: true });

declare global {
  interface Window {
    /** Handles for tests and curious developers. */
    webmcpDemo?: { shop: Shop; connection: BridgeConnection | undefined; offers: StorefrontOffers };
  }
}

const installation = installModelContext();
const context = installation?.context;
const shop = new Shop();
const app = new ShopApp();
app.shop = shop;
document.getElementById('app')!.replaceChildren(app);
setUpNewsletter(shop);

async function countTools(): Promise<void> {
  app.toolCount = context ? (await context.getTools()).length : 0;
}

performance.mark('webmcp-demo:start');
await registerStorefrontTools(shop);
performance.mark('webmcp-demo:tools-registered');
// Prompts and resources need no WebMCP: the bridge connector reads them from the page-offers registry.
const offers = registerStorefrontOffers(shop);
// The newsletter <form toolname> is registered by installModelContext() over the polyfill, and by
// the browser itself over native WebMCP.
context?.addEventListener('toolchange', () => void countTools());
await countTools();

const { bridge } = readPageConfig<StorefrontConfig>();
let connection: BridgeConnection | undefined;
if (bridge && context) {
  connection = connect({ url: bridge.url, token: bridge.pageToken });
  // The connector has no events; its state is cheap to read.
  const poll = () => {
    const state: BridgeState = connection!.connected ? 'connected' : 'connecting';
    if (app.bridgeState !== state) app.bridgeState = state;
  };
  poll();
  setInterval(poll, 250);
}

window.webmcpDemo = { shop, connection, offers };
document.documentElement.dataset.ready = 'true';
