/**
 * @module
 * The DOM events `<mcp-app-frame>` fires. All bubble and cross shadow roots.
 */
import type { McpUiAppCapabilities } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { ContentBlock, Implementation, LoggingLevel } from '@modelcontextprotocol/sdk/types.js';

const init = (cancelable = false): EventInit => ({ bubbles: true, composed: true, cancelable });

/**
 * The app asks to open a link. Cancel it to stop the element opening a new tab (the app is told it
 * failed), e.g. to show your own confirmation; `external` says the link is outside the domains the
 * app declared in `_meta.ui.csp` (the element would confirm it with the user first).
 */
export class McpAppOpenLinkEvent extends Event {
  constructor(
    readonly url: string,
    readonly external = false,
  ) {
    super('mcp-app-open-link', init(true));
  }
}

/** The app sends a message to the conversation (`ui/message`). Cancel it to tell the app it was refused. */
export class McpAppMessageEvent extends Event {
  constructor(
    readonly role: 'user',
    readonly content: ContentBlock[],
  ) {
    super('mcp-app-message', init(true));
  }
}

/** The app replaces what the model should know about it next turn (`ui/update-model-context`). */
export class McpAppModelContextEvent extends Event {
  constructor(
    readonly content: ContentBlock[] | undefined,
    readonly structuredContent: Record<string, unknown> | undefined,
  ) {
    super('mcp-app-model-context', init());
  }
}

/** The element took the app's new size (`ui/notifications/size-changed`), after the loop guard. */
export class McpAppSizeEvent extends Event {
  constructor(
    readonly height: number,
    readonly width: number | undefined,
  ) {
    super('mcp-app-size', init());
  }
}

/** The app finished its handshake (`ui/notifications/initialized`); the host may now talk to it. */
export class McpAppInitializedEvent extends Event {
  constructor(
    readonly appInfo: Implementation | undefined,
    readonly appCapabilities: McpUiAppCapabilities | undefined,
  ) {
    super('mcp-app-initialized', init());
  }
}

/** A log line from the app (`notifications/message`). */
export class McpAppLogEvent extends Event {
  constructor(
    readonly level: LoggingLevel,
    readonly data: unknown,
    readonly logger: string | undefined,
  ) {
    super('mcp-app-log', init());
  }
}

/** Loading or running the app failed; `error` says why (usually an `AppHostError`). */
export class McpAppErrorEvent extends Event {
  constructor(readonly error: Error) {
    super('mcp-app-error', init());
  }
}

declare global {
  interface HTMLElementEventMap {
    'mcp-app-open-link': McpAppOpenLinkEvent;
    'mcp-app-message': McpAppMessageEvent;
    'mcp-app-model-context': McpAppModelContextEvent;
    'mcp-app-size': McpAppSizeEvent;
    'mcp-app-initialized': McpAppInitializedEvent;
    'mcp-app-log': McpAppLogEvent;
    'mcp-app-error': McpAppErrorEvent;
  }
}
