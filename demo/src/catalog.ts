/** @module The storefront's product catalog (shipped as JSON) and its search. */
import data from './catalog.json';

/** A product of the demo catalog. Prices are in cents. */
export interface Product {
  sku: string;
  name: string;
  category: Category;
  priceCents: number;
  color: string;
  tags: string[];
  description: string;
}

/** Product categories, in display order. */
export const CATEGORIES = ['kitchen', 'apparel', 'stationery', 'home', 'audio', 'outdoor'] as const;
/** One of {@link CATEGORIES}. */
export type Category = (typeof CATEGORIES)[number];

/** Human label of a category. */
export const categoryLabel = (c: Category): string => c[0]!.toUpperCase() + c.slice(1);

/** Every product. */
export const PRODUCTS: readonly Product[] = data as Product[];

const bySku = new Map(PRODUCTS.map((p) => [p.sku, p]));

/** The product with this SKU, if any. */
export function findProduct(sku: string): Product | undefined {
  return bySku.get(sku);
}

/** URL path of a product's image (served from `public/images`). */
export const imageUrl = (p: Product): string => `/images/${p.sku}.svg`;

/** Formats cents as US dollars, e.g. `$18.00`. */
export function formatPrice(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** What to look for: free text (name, description, tags) and/or a category. */
export interface ProductQuery {
  query?: string;
  category?: Category;
  maxPriceCents?: number;
}

/** Products matching every word of `query` (case-insensitive) within `category`, best matches first. */
export function searchProducts({ query = '', category, maxPriceCents }: ProductQuery): Product[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: Array<[Product, number]> = [];
  for (const p of PRODUCTS) {
    if (category && p.category !== category) continue;
    if (maxPriceCents !== undefined && p.priceCents > maxPriceCents) continue;
    const name = p.name.toLowerCase();
    const text = `${name} ${p.description.toLowerCase()} ${p.tags.join(' ')} ${p.category}`;
    if (!words.every((w) => text.includes(w))) continue;
    scored.push([p, words.filter((w) => name.includes(w)).length]);
  }
  return scored.sort((a, b) => b[1] - a[1]).map(([p]) => p);
}
