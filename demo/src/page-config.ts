/**
 * @module
 * Reads what the demo server injected into the page: a `<script type="application/json"
 * id="webmcp-demo-config">` block (never executed; allowed by the page's strict CSP).
 */

/** What the storefront page gets: where the bridge is and the page token. */
export interface StorefrontConfig {
  bridge?: { url: string; pageToken: string };
}

/** What the console page gets: the MCP endpoint, the client token and the sandbox proxy. */
export interface ConsoleConfig {
  mcpUrl?: string;
  clientToken?: string;
  sandboxUrl?: string;
}

/** The injected configuration, or `{}` when the page was served without one. */
export function readPageConfig<T extends object>(): Partial<T> {
  const text = document.getElementById('webmcp-demo-config')?.textContent;
  if (!text) return {};
  try {
    return JSON.parse(text) as Partial<T>;
  } catch {
    return {};
  }
}
