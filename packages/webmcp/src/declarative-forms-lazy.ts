/**
 * @module
 * Stands in for `./declarative-forms` in the `<script>` build only: declarative form support
 * (about 3 KB gzip) is fetched from `webmcp-forms.js`, beside the script, the first time the page
 * has a `<form toolname>`. Pages without one never load it. ESM builds import the real module.
 */
import type { DeclarativeFormsContext, DeclarativeFormsOptions } from './declarative-forms';

/** Same value as in `./declarative-forms` (a registered symbol). */
export const FORM_TOOL = Symbol.for('webmcp-kit.form-tool');

const scriptUrl = (document.currentScript as HTMLScriptElement | null)?.src;

/** Loads and runs the real `installDeclarativeForms` once the document has a form tool. */
export function installDeclarativeForms(
  doc: Document,
  context: DeclarativeFormsContext,
  options?: DeclarativeFormsOptions,
): () => void {
  let uninstall: (() => void) | undefined;
  let stopped = false;
  const observer = new MutationObserver(() => check());
  const check = () => {
    if (!doc.querySelector('form[toolname]')) return;
    observer.disconnect();
    if (!scriptUrl) return console.warn('webmcp-kit: <form toolname> support needs the script loaded by src');
    import(/* @vite-ignore */ new URL('webmcp-forms.js', scriptUrl).href).then(
      (forms: typeof import('./declarative-forms')) => {
        if (!stopped) uninstall = forms.installDeclarativeForms(doc, context, options);
      },
      (error: unknown) => console.error('webmcp-kit: could not load webmcp-forms.js', error),
    );
  };
  observer.observe(doc, { subtree: true, childList: true, attributes: true, attributeFilter: ['toolname'] });
  check();
  return () => {
    stopped = true;
    observer.disconnect();
    uninstall?.();
  };
}
