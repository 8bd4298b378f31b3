/**
 * @module
 * `:tool-form-active` and `:tool-submit-active` in the selector APIs (`matches`, `closest`,
 * `querySelector(All)`) for browsers without them: they become the attributes the polyfill sets.
 * Stylesheets cannot be taught new pseudo-classes; pages style the attributes there.
 */
import { FORM_ACTIVE_ATTRIBUTE, SUBMIT_ACTIVE_ATTRIBUTE } from './declarative-forms';

const PSEUDO = /:tool-(form|submit)-active\b/g;
const PATCHED = Symbol.for('webmcp-kit.tool-pseudo-classes');

const rewrite = (selectors: unknown): unknown =>
  typeof selectors === 'string' && selectors.includes(':tool-')
    ? selectors.replace(PSEUDO, (_, kind: string) => `[${kind === 'form' ? FORM_ACTIVE_ATTRIBUTE : SUBMIT_ACTIVE_ATTRIBUTE}]`)
    : selectors;

/** Teaches `win`'s selector APIs the two pseudo-classes, unless the browser knows them. */
export function installToolPseudoClasses(win: Window & typeof globalThis): void {
  if (win.CSS?.supports?.('selector(:tool-form-active)')) return;
  for (const proto of [win.Element.prototype, win.Document.prototype, win.DocumentFragment.prototype]) {
    const store = proto as unknown as Record<PropertyKey, (this: unknown, selectors: unknown) => unknown>;
    if (Object.hasOwn(store, PATCHED)) continue;
    Object.defineProperty(proto, PATCHED, { value: true });
    for (const method of ['matches', 'closest', 'querySelector', 'querySelectorAll']) {
      const original = Object.hasOwn(store, method) ? store[method] : undefined;
      if (original) store[method] = function (selectors) { return original.call(this, rewrite(selectors)); };
    }
  }
}
