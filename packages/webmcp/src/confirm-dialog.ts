/**
 * @module
 * Asking the user to confirm a tool call: a queue of requests answered one at a time, by a page
 * handler or by the default `<dialog>` in a shadow root (CSP-safe styles, text-only content).
 */

/** One question for the user: may `toolName` run? */
export interface ConfirmationRequest {
  /** Name of the tool asking. */
  toolName: string;
  /** Dialog heading and accessible name; the tool name is shown when empty. */
  title: string;
  /** What will happen, shown as plain text (never parsed as HTML). */
  message: string;
  /** Aborting withdraws the request: it is removed from the queue or its dialog is closed. */
  signal?: AbortSignal;
}

/** A page's own confirmation UI: resolve `true` to confirm; anything else (or throwing) declines. */
export type ConfirmationHandler = (request: ConfirmationRequest) => Promise<boolean> | boolean;

interface DialogParts {
  host: Element;
  dialog: HTMLDialogElement;
  title: HTMLElement;
  message: HTMLElement;
  confirm: HTMLButtonElement;
}

// Custom properties inherit through the shadow boundary; `all: initial` keeps the page's other
// inherited styles (text-align, letter-spacing, …) out. Canvas/CanvasText follow `color-scheme`.
const CSS =
  ':host{all:initial}' +
  'dialog{--a:var(--webmcp-confirm-accent,light-dark(#0b57d0,#a8c7fa));color-scheme:var(--webmcp-confirm-color-scheme,light dark);' +
  'background:var(--webmcp-confirm-bg,Canvas);color:var(--webmcp-confirm-fg,CanvasText);font:var(--webmcp-confirm-font,15px/1.4 system-ui,sans-serif);' +
  'border:1px solid #8886;border-radius:var(--webmcp-confirm-radius,12px);padding:20px;width:400px}' +
  '::backdrop{background:#0006}' +
  'h2{margin-top:0;font-size:1.2em}' +
  'p{white-space:pre-wrap;overflow-wrap:anywhere}' +
  'div{display:flex;gap:8px;justify-content:end}' +
  'button{font:inherit;color:inherit;background:none;border:1px solid var(--a);border-radius:6px;padding:6px 16px}' +
  '[part=confirm]{background:var(--a);color:var(--webmcp-confirm-accent-fg,Canvas)}' +
  ':focus-visible{outline:2px solid var(--a);outline-offset:2px}';

let handler: ConfirmationHandler | null = null;
let queue: Promise<unknown> | undefined;
const dialogs = /* @__PURE__ */ new WeakMap<Document, DialogParts>();

/** Replaces the confirmation UI for the page (`null` restores the default dialog). */
export function setConfirmationHandler(next: ConfirmationHandler | null): void {
  handler = next;
}

/**
 * Asks the user; resolves `true` = confirmed, `false` = declined or dismissed. Requests are answered
 * one at a time in arrival order. Rejects with `signal.reason` when aborted (and removes the request
 * or closes its dialog).
 */
export function requestConfirmation(request: ConfirmationRequest, doc: Document = document): Promise<boolean> {
  const { signal } = request;
  const turn = Promise.resolve(queue).then(() => {
    signal?.throwIfAborted();
    const custom = handler;
    if (!custom) return showDialog(request, doc);
    const answer = Promise.resolve()
      .then(() => custom(request))
      .then(
        (value) => value === true,
        () => false,
      );
    // A handler that ignores the signal must not hold up the requests queued behind it.
    return abortable(answer, signal);
  });
  queue = turn.catch(() => {});
  return abortable(turn, signal);
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function showDialog({ toolName, title, message, signal }: ConfirmationRequest, doc: Document): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let previous = doc.activeElement;
    while (previous?.shadowRoot?.activeElement) previous = previous.shadowRoot.activeElement;
    let parts: DialogParts;
    try {
      parts = dialogParts(doc);
      parts.title.textContent = title || toolName;
      parts.message.textContent = message;
      parts.dialog.returnValue = '';
      parts.dialog.showModal();
    } catch {
      // Not showable (document detached or inactive, or our tag name taken): nobody can confirm.
      return resolve(false);
    }
    const { dialog, host } = parts;
    const view = doc.defaultView;
    const onAbort = () => dialog.close();
    // The page removing our host, or the document going away, ends the dialog without a `close`
    // event: decline, and build a fresh dialog next time, so the queue never stalls.
    const onGone = () => {
      dialogs.delete(doc);
      host.remove();
      finish();
    };
    const watcher = new MutationObserver(() => host.isConnected || onGone());
    const finish = () => {
      watcher.disconnect();
      dialog.removeEventListener('close', finish);
      view?.removeEventListener('pagehide', onGone);
      signal?.removeEventListener('abort', onAbort);
      (previous as HTMLElement | null)?.focus?.();
      if (signal?.aborted) reject(signal.reason);
      else resolve(dialog.returnValue === 'confirm');
    };
    watcher.observe(doc, { childList: true, subtree: true });
    view?.addEventListener('pagehide', onGone);
    dialog.addEventListener('close', finish);
    signal?.addEventListener('abort', onAbort);
    parts.confirm.focus();
  });
}

function dialogParts(doc: Document): DialogParts {
  let parts = dialogs.get(doc);
  if (!parts) {
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, parent: Node, part?: string) => {
      const node = doc.createElement(tag);
      if (part) node.setAttribute('part', part);
      parent.appendChild(node);
      return node;
    };
    const host = doc.createElement('webmcp-confirm');
    const root = host.attachShadow({ mode: 'open' });
    // The sheet must come from the document's own realm to be adoptable there.
    const Sheet = (doc.defaultView ?? globalThis).CSSStyleSheet;
    const sheet = new Sheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    const dialog = el('dialog', root, 'dialog');
    dialog.setAttribute('aria-labelledby', 't');
    dialog.setAttribute('aria-describedby', 'm');
    const title = el('h2', dialog, 'title');
    title.id = 't';
    const message = el('p', dialog, 'message');
    message.id = 'm';
    const buttons = el('div', dialog, 'buttons');
    const button = (label: string, value: string) => {
      const b = el('button', buttons, value);
      b.textContent = label;
      b.onclick = () => dialog.close(value);
      return b;
    };
    button('Cancel', 'cancel');
    parts = { host, dialog, title, message, confirm: button('Confirm', 'confirm') };
    dialogs.set(doc, parts);
  }
  if (!parts.host.isConnected) (doc.body ?? doc.documentElement).appendChild(parts.host);
  return parts;
}
