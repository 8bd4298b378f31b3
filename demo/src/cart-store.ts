/** @module The cart and the placed orders, kept in localStorage so they survive reloads. */
import { findProduct, type Product } from './catalog';

/** One line of the cart. */
export interface CartLine {
  sku: string;
  quantity: number;
}

/** A cart line with its product and line total, as tools and views show it. */
export interface CartItem {
  sku: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
}

/** The cart as tools return it. */
export interface CartSummary {
  items: CartItem[];
  itemCount: number;
  totalCents: number;
}

/** Where an order ships. */
export interface ShippingDetails {
  name: string;
  email: string;
  address: string;
}

/** A placed order. */
export interface Order extends CartSummary {
  id: string;
  placedAt: string;
  shipping: ShippingDetails;
}

/** Most of one product a cart line may hold. */
export const MAX_QUANTITY = 20;

const CART_KEY = 'webmcp-demo.cart';
const ORDERS_KEY = 'webmcp-demo.orders';

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

/** The cart: fires `change` (with `detail.sku` of the line that changed, if one did) on every update. */
export class CartStore extends EventTarget {
  #lines: CartLine[] = read<CartLine[]>(CART_KEY, []).filter((l) => findProduct(l.sku) && l.quantity > 0);
  #orders: Order[] = read<Order[]>(ORDERS_KEY, []);

  constructor() {
    super();
    // Another tab of the storefront changed the cart: show it here too.
    addEventListener('storage', (e) => {
      if (e.key !== CART_KEY && e.key !== ORDERS_KEY) return;
      this.#lines = read<CartLine[]>(CART_KEY, []);
      this.#orders = read<Order[]>(ORDERS_KEY, []);
      this.dispatchEvent(new CustomEvent('change', { detail: {} }));
    });
  }

  /** Current lines with products and totals. */
  summary(): CartSummary {
    const items = this.#lines.map((l): CartItem => {
      const p = findProduct(l.sku) as Product;
      return { sku: l.sku, name: p.name, quantity: l.quantity, unitPriceCents: p.priceCents, lineTotalCents: p.priceCents * l.quantity };
    });
    return {
      items,
      itemCount: items.reduce((n, i) => n + i.quantity, 0),
      totalCents: items.reduce((n, i) => n + i.lineTotalCents, 0),
    };
  }

  /** Quantity of `sku` in the cart (0 when absent). */
  quantityOf(sku: string): number {
    return this.#lines.find((l) => l.sku === sku)?.quantity ?? 0;
  }

  /** Adds `quantity` of `sku` (capped at {@link MAX_QUANTITY}); returns the line's new quantity. */
  add(sku: string, quantity = 1): number {
    if (!findProduct(sku)) throw new Error(`Unknown product SKU "${sku}"`);
    const line = this.#lines.find((l) => l.sku === sku);
    const next = Math.min(MAX_QUANTITY, (line?.quantity ?? 0) + quantity);
    if (line) line.quantity = next;
    else this.#lines.push({ sku, quantity: next });
    this.#save(sku);
    return next;
  }

  /** Sets the quantity of `sku`; 0 removes the line. */
  setQuantity(sku: string, quantity: number): void {
    const q = Math.max(0, Math.min(MAX_QUANTITY, Math.floor(quantity)));
    const line = this.#lines.find((l) => l.sku === sku);
    if (!line && q > 0) this.#lines.push({ sku, quantity: q });
    else if (line) line.quantity = q;
    this.#lines = this.#lines.filter((l) => l.quantity > 0);
    this.#save(sku);
  }

  /** Removes `quantity` of `sku` (all of it when omitted); returns how many remain. */
  remove(sku: string, quantity?: number): number {
    const have = this.quantityOf(sku);
    const left = quantity === undefined ? 0 : Math.max(0, have - quantity);
    this.setQuantity(sku, left);
    return left;
  }

  /** Empties the cart. */
  clear(): void {
    this.#lines = [];
    this.#save();
  }

  /** Turns the cart into an order and empties it. */
  placeOrder(shipping: ShippingDetails): Order {
    const summary = this.summary();
    if (!summary.items.length) throw new Error('The cart is empty: add products before checking out');
    const order: Order = {
      ...summary,
      id: `ORD-${Date.now().toString(36).toUpperCase()}-${Math.floor(Math.random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`,
      placedAt: new Date().toISOString(),
      shipping,
    };
    this.#orders = [order, ...this.#orders].slice(0, 20);
    this.#lines = [];
    localStorage.setItem(ORDERS_KEY, JSON.stringify(this.#orders));
    this.#save();
    return order;
  }

  /** A placed order by id. */
  order(id: string): Order | undefined {
    return this.#orders.find((o) => o.id === id);
  }

  #save(sku?: string): void {
    localStorage.setItem(CART_KEY, JSON.stringify(this.#lines));
    this.dispatchEvent(new CustomEvent('change', { detail: { sku } }));
  }
}
