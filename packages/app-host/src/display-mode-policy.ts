/**
 * @module
 * Who decides an app's display mode: the host. Covering the page (fullscreen, picture-in-picture)
 * needs the user's action or the page's approval.
 */
import type { McpUiDisplayMode } from '@modelcontextprotocol/ext-apps/app-bridge';

/**
 * An app asked to leave inline mode without a user action. Fired on `<mcp-app-frame>`; cancelable:
 * **cancel it to approve** the switch, otherwise the app stays in its current mode.
 */
export class McpAppDisplayModeRequestEvent extends Event {
  constructor(readonly mode: McpUiDisplayMode) {
    super('mcp-app-display-mode-request', { bubbles: true, composed: true, cancelable: true });
  }
}

/**
 * True while the page has transient user activation. A click or key press inside the app's
 * iframe counts too: activation propagates to ancestor frames (User Activation v2).
 */
export function hasTransientActivation(): boolean {
  return navigator.userActivation?.isActive ?? false;
}

/**
 * The mode the element switches to when the app requests `requested`: one both sides offer;
 * `inline` at any time; `fullscreen`/`pip` only with user activation, or when the page cancels
 * the {@link McpAppDisplayModeRequestEvent} fired on `target`. Otherwise the current mode.
 */
export function decideDisplayMode(
  target: EventTarget,
  requested: McpUiDisplayMode,
  current: McpUiDisplayMode,
  offered: readonly McpUiDisplayMode[],
  appModes: readonly McpUiDisplayMode[] | undefined,
): McpUiDisplayMode {
  if (!offered.includes(requested) || (appModes && !appModes.includes(requested))) return current;
  if (requested === 'inline' || requested === current || hasTransientActivation()) return requested;
  return target.dispatchEvent(new McpAppDisplayModeRequestEvent(requested)) ? current : requested;
}

declare global {
  interface HTMLElementEventMap {
    'mcp-app-display-mode-request': McpAppDisplayModeRequestEvent;
  }
}
