/**
 * @module
 * The storefront's WebMCP tools, defined with the webmcp-kit helpers. Each tool also changes what
 * the page shows, so a person watching sees what the agent does.
 */
import { defineTool, registerTools, requestConfirmation, type ToolRegistration, type ToolResult } from '@webmcp-kit/webmcp';
import { z } from 'zod';
import { MAX_QUANTITY, type CartSummary } from './cart-store';
import { CATEGORIES, findProduct, formatPrice, imageUrl, searchProducts, type Product } from './catalog';
import productCardHtml from './product-card-app.html?raw';
import type { Shop } from './shop';

const sku = z.string().min(1).describe('Product SKU, e.g. "stoneware-mug" (search_products lists them)');

const productSummary = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.enum(CATEGORIES),
  priceCents: z.number().int(),
  price: z.string(),
});

const cartSummary = z.object({
  items: z.array(z.object({
    sku: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    unitPriceCents: z.number().int(),
    lineTotalCents: z.number().int(),
  })),
  itemCount: z.number().int(),
  totalCents: z.number().int(),
  total: z.string(),
});

/** A successful MCP result carrying `data` as structured content (and as JSON text for older clients). */
function ok(data: object): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
}

/**
 * A failed call as an MCP `isError` result: the agent reads `text` and can correct itself. (A
 * thrown error would reach it only as WebMCP's generic "UnknownError".)
 */
function fail(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

const summarize = (p: Product) => ({ sku: p.sku, name: p.name, category: p.category, priceCents: p.priceCents, price: formatPrice(p.priceCents) });

const unknownSku = (value: string) => fail(`No product with SKU "${value}". Use search_products to find valid SKUs.`);

function cartResult(cart: CartSummary) {
  return { ...cart, total: formatPrice(cart.totalCents) };
}

function orderLines(cart: CartSummary): string {
  return cart.items.map((i) => `  ${i.quantity} × ${i.name} — ${formatPrice(i.lineTotalCents)}`).join('\n');
}

async function imageDataUri(p: Product): Promise<string> {
  const svg = await (await fetch(imageUrl(p))).text();
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Defines the storefront's tools against `shop`. */
export function createStorefrontTools(shop: Shop) {
  const { cart } = shop;
  const details = (p: Product) => ({ ...summarize(p), description: p.description, tags: p.tags, inCart: cart.quantityOf(p.sku) });
  return [
    defineTool({
      name: 'search_products',
      title: 'Search products',
      description: 'Searches the storefront catalog by free text and/or category. Shows the results on the page and returns the matching products with SKUs and prices.',
      readOnly: true,
      input: z.object({
        query: z.string().max(100).optional().describe('Words to look for in name, description and tags, e.g. "wool" or "coffee mug"'),
        category: z.enum(CATEGORIES).optional().describe('Only this category'),
        maxPriceCents: z.number().int().min(0).optional().describe('Only products costing at most this many cents'),
        limit: z.number().int().min(1).max(30).optional().describe('Most results to return (default 10)'),
      }),
      output: z.object({ total: z.number().int(), items: z.array(productSummary) }),
      execute({ query = '', category, maxPriceCents, limit = 10 }) {
        const found = searchProducts({ query, category, maxPriceCents });
        shop.showSearch(query, category ?? '');
        shop.log('search_products', `Searched for ${query ? `“${query}”` : 'everything'}${category ? ` in ${category}` : ''}: ${found.length} found`);
        return { total: found.length, items: found.slice(0, limit).map(summarize) };
      },
    }),
    defineTool({
      name: 'get_product',
      title: 'Get product',
      description: 'Returns the details of one product (description, tags, price, how many are in the cart) and opens its page.',
      readOnly: true,
      input: z.object({ sku }),
      execute({ sku: s }) {
        const p = findProduct(s);
        if (!p) return unknownSku(s);
        shop.navigate({ view: 'product', sku: p.sku });
        shop.log('get_product', `Looked at ${p.name}`);
        return ok(details(p));
      },
    }),
    defineTool({
      name: 'get_cart',
      title: 'Get cart',
      description: "Returns the shopping cart's lines and total, and shows the cart on the page.",
      readOnly: true,
      output: cartSummary,
      execute() {
        shop.navigate({ view: 'cart' });
        const summary = cart.summary();
        shop.log('get_cart', `Read the cart: ${summary.itemCount} item(s), ${formatPrice(summary.totalCents)}`);
        return cartResult(summary);
      },
    }),
    defineTool({
      name: 'add_to_cart',
      title: 'Add to cart',
      description: `Adds a product to the shopping cart (at most ${MAX_QUANTITY} of one product). Nothing is bought until checkout.`,
      readOnly: false,
      confirm: { skip: true, reason: 'The cart is shown on the page at once and can be changed freely; nothing is bought until checkout, which asks the user.' },
      input: z.object({ sku, quantity: z.number().int().min(1).max(MAX_QUANTITY).optional().describe('How many to add (default 1)') }),
      execute({ sku: s, quantity = 1 }) {
        const p = findProduct(s);
        if (!p) return unknownSku(s);
        const inCart = cart.add(p.sku, quantity);
        shop.flash(p.sku);
        shop.log('add_to_cart', `Added ${quantity} × ${p.name} to your cart`, 'success');
        return ok({ ...cartResult(cart.summary()), added: { sku: p.sku, name: p.name, quantity, inCart } });
      },
    }),
    defineTool({
      name: 'remove_from_cart',
      title: 'Remove from cart',
      description: 'Removes a product from the shopping cart: all of it, or only the given quantity.',
      readOnly: false,
      confirm: { skip: true, reason: 'The cart is shown on the page at once and the user can add the product back; nothing is bought or lost.' },
      input: z.object({ sku, quantity: z.number().int().min(1).optional().describe('How many to remove (default: all)') }),
      execute({ sku: s, quantity }) {
        const p = findProduct(s);
        if (!p) return unknownSku(s);
        const had = cart.quantityOf(p.sku);
        if (!had) return fail(`"${p.sku}" is not in the cart. Use get_cart to see what is.`);
        const left = cart.remove(p.sku, quantity);
        shop.log('remove_from_cart', `Removed ${had - left} × ${p.name} from your cart`, 'success');
        return ok({ ...cartResult(cart.summary()), removed: { sku: p.sku, name: p.name, quantity: had - left, inCart: left } });
      },
    }),
    defineTool({
      name: 'checkout',
      title: 'Check out',
      description: 'Places an order for everything in the cart. The user sees the order summary and must confirm it on the page.',
      readOnly: false,
      annotations: { consequentialHint: true },
      input: z.object({
        name: z.string().min(1).max(100).describe('Full name of the recipient'),
        email: z.email().describe('Email address for the receipt'),
        address: z.string().min(5).max(300).describe('Shipping address'),
      }),
      // Asks in execute rather than with `confirm.message`, so an empty cart fails with a clear
      // result before the user is bothered.
      confirm: { skip: true, reason: 'execute asks the user itself, with the order summary, once it knows the cart is not empty' },
      async execute(shipping, context) {
        const summary = cart.summary();
        if (!summary.items.length) return fail('The cart is empty: add products with add_to_cart before checking out. Nothing was ordered.');
        const total = formatPrice(summary.totalCents);
        const message = `Place this order for ${total}?\n\n${orderLines(summary)}\n\nTotal: ${total}\nShip to: ${shipping.name}, ${shipping.address}\nReceipt to: ${shipping.email}`;
        shop.log('checkout', `Waiting for you to confirm the order (${total})…`);
        // The person may be looking at another tab (e.g. the agent console): say so in the tab title.
        const title = document.title;
        document.title = `Confirm your order · ${title}`;
        let confirmed: boolean;
        try {
          confirmed = await context.requestUserInteraction(() =>
            requestConfirmation({ toolName: 'checkout', title: 'Place order?', message, signal: context.signal }),
          );
        } finally {
          document.title = title;
        }
        if (!confirmed) {
          shop.log('checkout', 'You declined the order', 'error');
          return fail('The user declined the order. Nothing was ordered.');
        }
        const order = cart.placeOrder(shipping);
        shop.navigate({ view: 'order', id: order.id });
        shop.log('checkout', `Placed order ${order.id} for ${formatPrice(order.totalCents)}`, 'success');
        return ok({ ...cartResult(order), orderId: order.id });
      },
    }),
    defineTool({
      name: 'show_product',
      title: 'Show product card',
      description: 'Shows a product as an interactive card (an MCP App) with an "Add to cart" button, and opens its page in the storefront.',
      readOnly: true,
      input: z.object({ sku }),
      app: { html: productCardHtml, prefersBorder: true },
      async execute({ sku: s }) {
        const p = findProduct(s);
        if (!p) return unknownSku(s);
        shop.navigate({ view: 'product', sku: p.sku });
        shop.log('show_product', `Showed the card of ${p.name}`);
        return ok({ product: { ...details(p), image: await imageDataUri(p) } });
      },
    }),
  ];
}

/** Registers the storefront's tools with `document.modelContext`. */
export function registerStorefrontTools(shop: Shop): Promise<ToolRegistration> {
  return registerTools(createStorefrontTools(shop));
}
