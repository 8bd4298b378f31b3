/**
 * @module
 * What the storefront offers agents besides tools: a `compare_products` prompt, the cart and the
 * catalog as resources (the cart tells subscribers when it changes) and a product template
 * `storefront://products/{sku}`. Arguments and SKUs complete from the catalog.
 */
import {
  definePrompt,
  defineResource,
  defineResourceTemplate,
  notifyResourceUpdated,
  registerPrompts,
  registerResources,
  type ResourceRegistration,
} from '@webmcp-kit/webmcp';
import { z } from 'zod';
import { findProduct, formatPrice, PRODUCTS, type Product } from './catalog';
import type { Shop } from './shop';

/** URI of the cart resource. */
export const CART_URI = 'storefront://cart';
/** URI of the catalog resource. */
export const CATALOG_URI = 'storefront://catalog';
/** URI template of one product. */
export const PRODUCT_TEMPLATE = 'storefront://products/{sku}';

const MAX_COMPLETIONS = 10;

/** SKUs starting with `value`, then SKUs whose product name contains it (case-insensitive). */
export function completeSku(value: string): string[] {
  const v = value.toLowerCase();
  const starts = PRODUCTS.filter((p) => p.sku.startsWith(v));
  const named = PRODUCTS.filter((p) => !p.sku.startsWith(v) && p.name.toLowerCase().includes(v));
  return [...starts, ...named].slice(0, MAX_COMPLETIONS).map((p) => p.sku);
}

const product = (p: Product) => ({
  sku: p.sku,
  name: p.name,
  category: p.category,
  priceCents: p.priceCents,
  price: formatPrice(p.priceCents),
  tags: p.tags,
  description: p.description,
});

const skuArgument = (what: string) =>
  z.string()
    .describe(`SKU of the ${what} product, e.g. "stoneware-mug"`)
    .refine((s) => findProduct(s) !== undefined, { error: (issue) => `no product with SKU ${JSON.stringify(issue.input)}` });

/** Defines the storefront's prompts against `shop`. */
export function createStorefrontPrompts(shop: Shop) {
  return [
    definePrompt({
      name: 'compare_products',
      title: 'Compare two products',
      description: 'Asks the model to compare two products of the storefront, with their details and what is already in the cart.',
      arguments: z.object({
        first: skuArgument('first'),
        second: skuArgument('second'),
        focus: z.enum(['price', 'quality', 'gift']).optional().describe('What matters most: price, quality or gift (default: overall)'),
      }),
      complete: { first: completeSku, second: completeSku, focus: (v) => ['price', 'quality', 'gift'].filter((f) => f.startsWith(v)) },
      get({ first, second, focus }) {
        const a = findProduct(first)!;
        const b = findProduct(second)!;
        const lines = [a, b].map((p) => `- ${p.name} (${p.sku}), ${formatPrice(p.priceCents)}, ${p.category}: ${p.description} In the cart: ${shop.cart.quantityOf(p.sku)}.`);
        shop.log('compare_products', `An agent asked to compare ${a.name} and ${b.name}`);
        return {
          description: `Compare ${a.name} and ${b.name}`,
          messages: [{
            role: 'user',
            content: {
              type: 'text',
              text: `Compare these two products from the Fernhill Supply storefront${focus ? `, focusing on ${focus}` : ''}, and recommend one:\n${lines.join('\n')}`,
            },
          }],
        };
      },
    }),
  ];
}

/** Defines the storefront's resources and templates against `shop`. */
export function createStorefrontResources(shop: Shop) {
  const { cart } = shop;
  return [
    defineResource({
      uri: CART_URI,
      name: 'cart',
      title: 'Shopping cart',
      description: 'The cart: lines, item count and total. Subscribe to hear when it changes.',
      mimeType: 'application/json',
      read: () => {
        const summary = cart.summary();
        return JSON.stringify({ ...summary, total: formatPrice(summary.totalCents) });
      },
    }),
    defineResource({
      uri: CATALOG_URI,
      name: 'catalog',
      title: 'Product catalog',
      description: 'Every product of the storefront with SKU, category and price.',
      mimeType: 'application/json',
      read: () => JSON.stringify(PRODUCTS.map(({ sku, name, category, priceCents }) => ({ sku, name, category, priceCents, price: formatPrice(priceCents) }))),
    }),
    defineResourceTemplate({
      uriTemplate: PRODUCT_TEMPLATE,
      name: 'product',
      title: 'Product',
      description: 'One product by SKU: name, category, price, tags and description.',
      mimeType: 'application/json',
      complete: { sku: completeSku },
      read(_uri, { sku }) {
        const p = findProduct(decodeURIComponent(sku ?? ''));
        if (!p) throw new DOMException(`No product with SKU "${sku}"; storefront://catalog lists them`, 'NotFoundError');
        return JSON.stringify({ ...product(p), inCart: cart.quantityOf(p.sku) });
      },
    }),
  ];
}

/** What {@link registerStorefrontOffers} registered. */
export interface StorefrontOffers {
  /** Removes the prompts, resources and templates, and stops announcing cart changes. */
  unregister(): void;
}

/**
 * Offers the storefront's prompts, resources and templates to agents, and tells subscribers of
 * {@link CART_URI} whenever the cart changes (by a tool, the page, or another tab).
 */
export function registerStorefrontOffers(shop: Shop): StorefrontOffers {
  const prompts = registerPrompts(createStorefrontPrompts(shop));
  let resources: ResourceRegistration;
  try {
    resources = registerResources(createStorefrontResources(shop));
  } catch (e) {
    prompts.unregister();
    throw e;
  }
  const onChange = () => notifyResourceUpdated(CART_URI);
  shop.cart.addEventListener('change', onChange);
  return {
    unregister() {
      shop.cart.removeEventListener('change', onChange);
      resources.unregister();
      prompts.unregister();
    },
  };
}
