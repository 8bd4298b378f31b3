/** @module Templates of the cart, the checkout form and the order confirmation. */
import { html } from 'lit';
import type { CartSummary } from './cart-store';
import { findProduct, formatPrice, imageUrl } from './catalog';
import type { Shop } from './shop';

function lines(shop: Shop, summary: CartSummary, editable: boolean) {
  return html`
    <ul class="cart-lines" aria-label="Cart items">
      ${summary.items.map((i) => {
        const p = findProduct(i.sku)!;
        return html`
          <li class=${`cart-line${editable && shop.flashSku === i.sku ? ' flash' : ''}`} data-testid="cart-line" data-sku=${i.sku}>
            <img src=${imageUrl(p)} alt="" width="64" height="64">
            <div class="cart-line-name"><a href=${`#/product/${i.sku}`}>${i.name}</a>
              <span class="muted">${formatPrice(i.unitPriceCents)} each</span></div>
            ${editable
              ? html`<label class="visually-hidden" for=${`qty-${i.sku}`}>Quantity of ${i.name}</label>
                <input class="qty" id=${`qty-${i.sku}`} type="number" min="0" max="20" .value=${String(i.quantity)} inputmode="numeric"
                  @change=${(e: Event) => shop.cart.setQuantity(i.sku, Number((e.target as HTMLInputElement).value))}>`
              : html`<span class="qty-text" data-testid="quantity">× ${i.quantity}</span>`}
            <span class="line-total">${formatPrice(i.lineTotalCents)}</span>
            ${editable
              ? html`<button class="icon-button" type="button" aria-label=${`Remove ${i.name}`} @click=${() => shop.cart.remove(i.sku)}>✕</button>`
              : null}
          </li>`;
      })}
    </ul>
    <p class="total"><span>Total</span> <strong data-testid="cart-total">${formatPrice(summary.totalCents)}</strong></p>`;
}

/** The cart page. */
export function cartPage(shop: Shop) {
  const summary = shop.cart.summary();
  return html`
    <section aria-labelledby="cart-heading" class="narrow">
      <h1 id="cart-heading">Your cart</h1>
      ${summary.items.length
        ? html`${lines(shop, summary, true)}
          <div class="actions"><a class="button ghost" href="#/">Keep shopping</a>
            <a class="button primary" href="#/checkout">Checkout</a></div>`
        : html`<p class="empty" data-testid="cart-empty">Your cart is empty. <a href="#/">Browse products</a></p>`}
    </section>`;
}

/** The checkout form (the person's path; agents use the `checkout` tool). */
export function checkoutPage(shop: Shop) {
  const summary = shop.cart.summary();
  if (!summary.items.length) {
    return html`<section class="narrow"><h1>Checkout</h1><p class="empty">Your cart is empty. <a href="#/">Browse products</a></p></section>`;
  }
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const order = shop.cart.placeOrder({
      name: String(data.get('name')),
      email: String(data.get('email')),
      address: String(data.get('address')),
    });
    shop.navigate({ view: 'order', id: order.id });
  };
  return html`
    <section aria-labelledby="checkout-heading" class="narrow">
      <h1 id="checkout-heading">Checkout</h1>
      <h2 class="subhead">Order summary</h2>
      ${lines(shop, summary, false)}
      <form class="stack" @submit=${submit}>
        <h2 class="subhead">Shipping</h2>
        <label>Full name <input name="name" autocomplete="name" required maxlength="100"></label>
        <label>Email <input name="email" type="email" autocomplete="email" required></label>
        <label>Address <textarea name="address" autocomplete="street-address" required minlength="5" rows="3"></textarea></label>
        <button class="button primary" type="submit">Place order · ${formatPrice(summary.totalCents)}</button>
      </form>
    </section>`;
}

/** The confirmation of a placed order. */
export function orderPage(shop: Shop, id: string) {
  const order = shop.cart.order(id);
  if (!order) return html`<section class="narrow"><h1>Order not found</h1><p><a href="#/">Back to the shop</a></p></section>`;
  return html`
    <section aria-labelledby="order-heading" class="narrow" data-testid="order-confirmation" data-order-id=${order.id}>
      <p class="success-mark" aria-hidden="true">✓</p>
      <h1 id="order-heading" tabindex="-1">Thank you, ${order.shipping.name}!</h1>
      <p>Order <strong data-testid="order-id">${order.id}</strong> is placed. A receipt goes to ${order.shipping.email}.</p>
      ${lines(shop, order, false)}
      <p class="muted">Ships to ${order.shipping.address}</p>
      <a class="button primary" href="#/">Continue shopping</a>
    </section>`;
}
