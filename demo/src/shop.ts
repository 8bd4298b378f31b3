/** @module The storefront's state: route, search filters, cart, and the feed of agent activity. */
import { CartStore } from './cart-store';
import type { Category } from './catalog';

/** Where the storefront is. */
export type Route =
  | { view: 'list' }
  | { view: 'product'; sku: string }
  | { view: 'cart' }
  | { view: 'checkout' }
  | { view: 'order'; id: string };

/** One entry of the "agent activity" feed. */
export interface Activity {
  id: number;
  tool: string;
  text: string;
  kind: 'info' | 'success' | 'error';
  at: Date;
}

/** Parses `location.hash` into a {@link Route}. */
export function parseRoute(hash: string): Route {
  const [, view, arg] = hash.replace(/^#/, '').split('/');
  if (view === 'product' && arg) return { view: 'product', sku: decodeURIComponent(arg) };
  if (view === 'cart') return { view: 'cart' };
  if (view === 'checkout') return { view: 'checkout' };
  if (view === 'order' && arg) return { view: 'order', id: decodeURIComponent(arg) };
  return { view: 'list' };
}

/** The hash of a {@link Route}. */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'product': return `#/product/${encodeURIComponent(route.sku)}`;
    case 'order': return `#/order/${encodeURIComponent(route.id)}`;
    case 'list': return '#/';
    default: return `#/${route.view}`;
  }
}

/** Storefront state; fires `change` whenever anything shown on the page changes. */
export class Shop extends EventTarget {
  readonly cart = new CartStore();
  route: Route = parseRoute(location.hash);
  query = '';
  category: Category | '' = '';
  activity: Activity[] = [];
  /** SKU of the cart line an agent just changed (highlighted briefly). */
  flashSku: string | undefined;
  #nextId = 1;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    addEventListener('hashchange', () => {
      this.route = parseRoute(location.hash);
      this.#changed();
    });
    this.cart.addEventListener('change', () => this.#changed());
  }

  /** Goes to `route` (a new history entry, so Back works). */
  navigate(route: Route): void {
    const hash = routeHash(route);
    this.route = route;
    if (location.hash !== hash) location.hash = hash;
    this.#changed();
  }

  /** Shows the product list filtered as given. */
  showSearch(query: string, category: Category | ''): void {
    this.query = query;
    this.category = category;
    this.navigate({ view: 'list' });
  }

  /** Adds an entry to the agent activity feed (newest first, last 8 kept). */
  log(tool: string, text: string, kind: Activity['kind'] = 'info'): void {
    this.activity = [{ id: this.#nextId++, tool, text, kind, at: new Date() }, ...this.activity].slice(0, 8);
    this.#changed();
  }

  /** Highlights a cart line for a moment. */
  flash(sku: string): void {
    this.flashSku = sku;
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => {
      this.flashSku = undefined;
      this.#changed();
    }, 2500);
    this.#changed();
  }

  #changed(): void {
    this.dispatchEvent(new Event('change'));
  }
}
