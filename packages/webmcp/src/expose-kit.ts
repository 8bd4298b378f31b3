/**
 * @module
 * `window.WebMCPKit`, filled by both script-tag builds: the polyfill (`webmcp.iife.js`) and the
 * prompts/resources add-on (`webmcp-offers.iife.js`). Whichever runs second merges its helpers into
 * what the first defined, so the two tags work in either order, and each alone.
 */

/** Adds `helpers` to `window.WebMCPKit`, keeping those already there; the object stays frozen. */
export function exposeKit(helpers: object): void {
  Object.defineProperty(window, 'WebMCPKit', {
    configurable: true,
    value: Object.freeze({ ...(window as { WebMCPKit?: object }).WebMCPKit, ...helpers }),
  });
}
