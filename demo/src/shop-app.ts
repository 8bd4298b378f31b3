/** @module `<shop-app>`: the storefront shell (header, views, agent activity), rendered in light DOM. */
import { LitElement, html, type PropertyValues } from 'lit';
import { cartPage, checkoutPage, orderPage } from './cart-views';
import { productList, productPage } from './product-views';
import type { Shop } from './shop';

/** State of the page's link to the bridge, shown in the header. */
export type BridgeState = 'off' | 'connecting' | 'connected';

const BRIDGE_LABEL: Record<BridgeState, string> = {
  off: 'Not connected to an agent bridge',
  connecting: 'Connecting to the agent bridge…',
  connected: 'Agents connected through the bridge',
};

/** The storefront shell. Set `shop` before connecting it. */
export class ShopApp extends LitElement {
  static override properties = {
    shop: { attribute: false },
    bridgeState: { attribute: false },
    toolCount: { attribute: false },
  };

  shop!: Shop;
  bridgeState: BridgeState = 'off';
  toolCount = 0;
  #lastView = '';

  // Light DOM: the global stylesheet applies, and the declarative form in the footer stays a
  // document-level form as WebMCP requires.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.shop.addEventListener('change', () => this.requestUpdate());
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const view = JSON.stringify(this.shop.route);
    if (view === this.#lastView) return;
    const first = this.#lastView === '';
    this.#lastView = view;
    // After a navigation the clicked link is gone: give focus to the new view's heading so keyboard
    // and screen reader users land on it. Never steal focus from a field the person is using.
    const active = document.activeElement;
    if (!first && (!active || active === document.body || !active.isConnected)) {
      const h1 = this.querySelector<HTMLElement>('main h1');
      if (h1) {
        h1.tabIndex = -1;
        h1.focus();
      }
    }
  }

  // The hash is the route, so the skip link moves focus itself instead of navigating to #main.
  #skipToContent(e: Event): void {
    e.preventDefault();
    this.querySelector<HTMLElement>('main')?.focus();
  }

  #search(e: Event): void {
    e.preventDefault();
    const input = this.querySelector<HTMLInputElement>('#search')!;
    this.shop.showSearch(input.value.trim(), this.shop.category);
  }

  #view() {
    const route = this.shop.route;
    switch (route.view) {
      case 'product': return productPage(this.shop, route.sku);
      case 'cart': return cartPage(this.shop);
      case 'checkout': return checkoutPage(this.shop);
      case 'order': return orderPage(this.shop, route.id);
      default: return productList(this.shop);
    }
  }

  protected override render() {
    const { shop } = this;
    const count = shop.cart.summary().itemCount;
    return html`
      <a class="skip-link" href="#main" @click=${(e: Event) => this.#skipToContent(e)}>Skip to content</a>
      <header class="site-header">
        <a class="brand" href="#/" @click=${() => shop.showSearch('', '')}>
          <span class="brand-mark" aria-hidden="true">◆</span> Fernhill Supply
        </a>
        <form class="search" role="search" @submit=${(e: Event) => this.#search(e)}>
          <label class="visually-hidden" for="search">Search products</label>
          <input id="search" type="search" placeholder="Search mugs, wool, headphones…" .value=${shop.query}
            @input=${(e: Event) => shop.showSearch((e.target as HTMLInputElement).value, shop.category)}>
        </form>
        <span class=${`bridge-status ${this.bridgeState}`} data-testid="bridge-status" data-state=${this.bridgeState}
          title=${BRIDGE_LABEL[this.bridgeState]}>
          <span class="dot" aria-hidden="true"></span>
          <span>${this.bridgeState === 'connected' ? `${this.toolCount} tools live` : this.bridgeState === 'connecting' ? 'Connecting…' : 'Offline'}</span>
          <span class="visually-hidden">: ${BRIDGE_LABEL[this.bridgeState]}</span>
        </span>
        <a class=${`cart-link${shop.flashSku ? ' bump' : ''}`} href="#/cart" aria-label=${`Cart, ${count} ${count === 1 ? 'item' : 'items'}`}>
          <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><circle cx="9" cy="20" r="1.5"/><circle cx="18" cy="20" r="1.5"/><path d="M2 3h3l2.6 12.4a1.5 1.5 0 0 0 1.5 1.1h8.8a1.5 1.5 0 0 0 1.5-1.1L21 7H6"/></svg> Cart <span class="badge" data-testid="cart-count">${count}</span>
        </a>
      </header>
      <div class="layout">
        <main id="main" tabindex="-1">${this.#view()}</main>
        <aside class="activity" aria-labelledby="activity-heading">
          <h2 id="activity-heading">Agent activity</h2>
          <ol aria-live="polite" data-testid="agent-activity">
            ${shop.activity.length
              ? shop.activity.map((a) => html`<li class=${a.kind} data-tool=${a.tool}>
                  <code>${a.tool}</code><span>${a.text}</span>
                  <time datetime=${a.at.toISOString()}>${a.at.toLocaleTimeString()}</time></li>`)
              : html`<li class="placeholder">Nothing yet. Open the agent console and call a tool — what the agent does shows up here and on the page.</li>`}
          </ol>
        </aside>
      </div>`;
  }
}

customElements.define('shop-app', ShopApp);

declare global {
  interface HTMLElementTagNameMap {
    'shop-app': ShopApp;
  }
}
