/**
 * @module
 * Fetching an app's `ui://` resource and its `_meta.ui` through an SDK client.
 */
import { RESOURCE_MIME_TYPE, type McpUiResourcePermissions } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { parseResourceCsp, type ResourceCsp } from './csp';
import { AppHostError } from './errors';

/** An app resource, ready to render. */
export interface AppResource {
  uri: string;
  html: string;
  csp: ResourceCsp | undefined;
  permissions: McpUiResourcePermissions | undefined;
  prefersBorder: boolean | undefined;
  /** `_meta.ui.domain`: the app's requested sandbox origin label, unchecked (see `appOriginLabel`). */
  domain: unknown;
}

type UiMeta = { csp?: unknown; permissions?: unknown; prefersBorder?: unknown; domain?: unknown };
const uiOf = (meta: Record<string, unknown> | undefined): UiMeta =>
  meta?.ui && typeof meta.ui === 'object' ? (meta.ui as UiMeta) : {};

async function listingMeta(client: Client, uri: string): Promise<UiMeta> {
  if (!client.getServerCapabilities()?.resources) return {};
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const { resources, nextCursor } = await client.listResources(cursor ? { cursor } : undefined);
    const found = resources.find((r) => r.uri === uri);
    if (found) return uiOf(found._meta);
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return {};
}

function fail(uri: string, message: string): never {
  throw new AppHostError('APP_HOST_INVALID_RESOURCE', `MCP App resource ${uri}: ${message}`);
}

/**
 * Reads `uri` with `resources/read`, checks the MIME type is `text/html;profile=mcp-app`, and
 * merges `_meta.ui` from the content item over the `resources/list` entry (content wins).
 */
export async function loadAppResource(client: Client, uri: string): Promise<AppResource> {
  if (!uri.startsWith('ui://')) fail(uri, 'expected a ui:// URI');
  const [read, listed] = await Promise.all([
    client.readResource({ uri }),
    listingMeta(client, uri).catch(() => ({}) as UiMeta),
  ]);
  const content = read.contents.find((c) => c.uri === uri) ?? read.contents[0];
  if (!content) fail(uri, 'resources/read returned no contents');
  if (content.mimeType !== RESOURCE_MIME_TYPE) {
    fail(uri, `expected mimeType "${RESOURCE_MIME_TYPE}", got ${JSON.stringify(content.mimeType ?? null)}`);
  }
  let html: string;
  if ('text' in content && typeof content.text === 'string') html = content.text;
  else if ('blob' in content && typeof content.blob === 'string') {
    html = new TextDecoder().decode(Uint8Array.from(atob(content.blob), (c) => c.charCodeAt(0)));
  } else fail(uri, 'content has neither text nor blob');
  const ui = { ...listed, ...uiOf(content._meta) };
  const permissions = ui.permissions && typeof ui.permissions === 'object' ? ui.permissions : undefined;
  return {
    uri,
    html,
    csp: parseResourceCsp(ui.csp, `MCP App resource ${uri}: _meta.ui.csp`),
    permissions: permissions as McpUiResourcePermissions | undefined,
    prefersBorder: typeof ui.prefersBorder === 'boolean' ? ui.prefersBorder : undefined,
    domain: ui.domain ?? undefined,
  };
}
