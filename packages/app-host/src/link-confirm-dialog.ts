/**
 * @module
 * The built-in confirmation before an app opens a link outside the domains it declared, or
 * without a user action.
 */
import { css } from 'lit';

/** Styles of the confirmation dialog, part of `<mcp-app-frame>`'s styles. */
export const linkDialogStyles = css`
  dialog { max-width: min(32rem, 90vw); border: 1px solid #8886; border-radius: 8px; padding: 1rem 1.25rem; }
  dialog::backdrop { background: #0006; }
  dialog h2 { margin: 0 0 0.5rem; font-size: 1.125rem; }
  dialog p { margin: 0.5rem 0; overflow-wrap: anywhere; }
  dialog form { display: flex; gap: 0.5rem; justify-content: flex-end; margin-top: 1rem; }
  dialog button { font: inherit; padding: 0.375rem 0.75rem; }
`;

let dialogs = 0;

/**
 * Shows a modal dialog asking whether to open `url` for the app `appName`, in `root`; `external`
 * says the link is outside the domains the app declared (the dialog says so). Focus goes to
 * *Cancel*; Esc or *Cancel* resolve `false`, *Open link* resolves `true` (its click is the user
 * activation the new tab needs). Focus returns where it was when the dialog closes. `signal`
 * (the app going away) closes it as refused.
 */
export function confirmAppLink(
  root: ShadowRoot | HTMLElement,
  url: URL,
  appName: string,
  external: boolean,
  signal: AbortSignal,
): Promise<boolean> {
  const id = `mcp-link-${++dialogs}`;
  const dialog = document.createElement('dialog');
  dialog.setAttribute('part', 'link-dialog');
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-desc`);
  const title = Object.assign(document.createElement('h2'), { id: `${id}-title`, textContent: external ? 'Open an external link?' : 'Open a link?' });
  const desc = Object.assign(document.createElement('p'), {
    id: `${id}-desc`,
    textContent: `${appName} wants to open ${external ? 'a page outside the domains it declared' : 'this page'}:`,
  });
  const target = document.createElement('p');
  const origin = Object.assign(document.createElement('strong'), { textContent: url.origin });
  target.append(origin, url.href.slice(url.origin.length));
  const form = Object.assign(document.createElement('form'), { method: 'dialog' });
  const cancel = Object.assign(document.createElement('button'), { value: 'cancel', textContent: 'Cancel', autofocus: true });
  const open = Object.assign(document.createElement('button'), { value: 'open', textContent: 'Open link' });
  form.append(cancel, open);
  dialog.append(title, desc, target, form);
  root.append(dialog);
  // Usually the app's iframe (the user clicked in the app); the dialog gives focus back to it.
  const previous = ((root as ShadowRoot).activeElement ?? document.activeElement) as HTMLElement | null;
  return new Promise((resolve) => {
    const done = (confirmed: boolean) => {
      signal.removeEventListener('abort', abort);
      dialog.remove();
      if (previous?.isConnected) previous.focus();
      resolve(confirmed);
    };
    const abort = () => done(false);
    signal.addEventListener('abort', abort);
    dialog.addEventListener('close', () => done(dialog.returnValue === 'open'));
    dialog.showModal();
  });
}
