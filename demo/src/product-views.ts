/** @module Templates of the product list and the product page. */
import { html, nothing } from 'lit';
import { CATEGORIES, categoryLabel, findProduct, formatPrice, imageUrl, searchProducts, type Product } from './catalog';
import type { Shop } from './shop';

function addButton(shop: Shop, p: Product, quantity = () => 1) {
  return html`<button class="button primary" type="button" aria-label=${`Add ${p.name} to cart`}
    @click=${() => { shop.cart.add(p.sku, quantity()); shop.flash(p.sku); }}>Add to cart</button>`;
}

/** The catalog with search and category filter. */
export function productList(shop: Shop) {
  const found = searchProducts({ query: shop.query, category: shop.category || undefined });
  const heading = shop.category ? categoryLabel(shop.category) : 'All products';
  return html`
    <section aria-labelledby="list-heading">
      <div class="list-head">
        <h1 id="list-heading">${heading}</h1>
        <p class="muted" role="status" data-testid="result-count">${found.length} ${found.length === 1 ? 'product' : 'products'}${shop.query ? ` matching “${shop.query}”` : nothing}</p>
      </div>
      <fieldset class="chips">
        <legend class="visually-hidden">Category</legend>
        ${['', ...CATEGORIES].map((c) => html`
          <label class="chip">
            <input type="radio" name="category" value=${c} .checked=${shop.category === c}
              @change=${() => shop.showSearch(shop.query, c as typeof shop.category)}>
            <span>${c ? categoryLabel(c as Product['category']) : 'All'}</span>
          </label>`)}
      </fieldset>
      ${found.length
        ? html`<ul class="grid" aria-label="Products">
            ${found.map((p) => html`
              <li class="card" data-testid="product-card" data-sku=${p.sku}>
                <a class="card-image" href=${`#/product/${p.sku}`} tabindex="-1" aria-hidden="true">
                  <img src=${imageUrl(p)} alt="" width="400" height="400" loading="lazy">
                </a>
                <div class="card-body">
                  <p class="eyebrow">${categoryLabel(p.category)}</p>
                  <h2><a href=${`#/product/${p.sku}`}>${p.name}</a></h2>
                  <div class="card-foot">
                    <span class="price">${formatPrice(p.priceCents)}</span>
                    ${addButton(shop, p)}
                  </div>
                </div>
              </li>`)}
          </ul>`
        : html`<p class="empty">No products match. <button class="link" type="button" @click=${() => shop.showSearch('', '')}>Clear the search</button></p>`}
    </section>`;
}

/** One product's page. */
export function productPage(shop: Shop, sku: string) {
  const p = findProduct(sku);
  if (!p) {
    return html`<section><h1>Product not found</h1><p>No product has the SKU “${sku}”. <a href="#/">Back to all products</a></p></section>`;
  }
  const inCart = shop.cart.quantityOf(p.sku);
  const quantity = () => Number((document.getElementById('product-quantity') as HTMLInputElement | null)?.value) || 1;
  return html`
    <article class="product-page" aria-labelledby="product-name" data-testid="product-page" data-sku=${p.sku}>
      <nav aria-label="Breadcrumb" class="breadcrumb"><a href="#/">All products</a> <span aria-hidden="true">›</span>
        <button class="link" type="button" @click=${() => shop.showSearch('', p.category)}>${categoryLabel(p.category)}</button></nav>
      <div class="product-layout">
        <img class="product-image" src=${imageUrl(p)} alt=${p.name} width="400" height="400">
        <div class="product-info">
          <p class="eyebrow">${categoryLabel(p.category)} · SKU <code>${p.sku}</code></p>
          <h1 id="product-name">${p.name}</h1>
          <p class="price large">${formatPrice(p.priceCents)}</p>
          <p>${p.description}</p>
          <ul class="tags" aria-label="Tags">${p.tags.map((t) => html`<li>${t}</li>`)}</ul>
          <div class="buy-row">
            <label for="product-quantity">Quantity</label>
            <input id="product-quantity" type="number" min="1" max="20" value="1" inputmode="numeric">
            ${addButton(shop, p, quantity)}
          </div>
          <p class="muted" role="status" data-testid="in-cart">${inCart ? html`${inCart} in your cart · <a href="#/cart">View cart</a>` : 'Not in your cart yet'}</p>
        </div>
      </div>
    </article>`;
}
