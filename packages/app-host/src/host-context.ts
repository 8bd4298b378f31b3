/**
 * @module
 * Reading the `hostContext` an app gets from the page around the element, and watching for its changes.
 */
import {
  McpUiHostStylesSchema,
  type McpUiDisplayMode,
  type McpUiHostContext,
} from '@modelcontextprotocol/ext-apps/app-bridge';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

let styleKeys: string[] | undefined;
// The 70-odd standard variable names come from ext-apps' own schema, so they track the spec.
function standardStyleKeys(): string[] {
  if (!styleKeys) {
    try {
      const record = McpUiHostStylesSchema.shape.variables.unwrap() as unknown as {
        keyType: { options: { value: string }[] };
      };
      styleKeys = record.keyType.options.map((o) => o.value);
    } catch {
      styleKeys = [];
    }
  }
  return styleKeys;
}

/** `light` or `dark` from the element's `color-scheme`, falling back to `prefers-color-scheme`. */
export function themeOf(element: Element): 'light' | 'dark' {
  const words = getComputedStyle(element).colorScheme.split(/\s+/);
  const dark = words.includes('dark');
  if (dark !== words.includes('light')) return dark ? 'dark' : 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Everything about the element's surroundings an app may style or lay itself out by. */
export function readHostContext(
  element: HTMLElement,
  displayMode: McpUiDisplayMode,
  availableDisplayModes: McpUiDisplayMode[],
  tool: Tool | undefined,
): McpUiHostContext {
  const style = getComputedStyle(element);
  const variables: Record<string, string> = {};
  for (const key of standardStyleKeys()) {
    const value = style.getPropertyValue(key).trim();
    if (value) variables[key] = value;
  }
  const maxHeight = parseFloat(style.maxHeight);
  const containerDimensions =
    displayMode === 'inline'
      ? {
          ...(element.clientWidth ? { width: element.clientWidth } : {}),
          ...(Number.isFinite(maxHeight) ? { maxHeight } : {}),
        }
      : { width: element.clientWidth || innerWidth, height: element.clientHeight || innerHeight };
  return {
    ...(tool ? { toolInfo: { tool } } : {}),
    theme: themeOf(element),
    styles: { variables },
    displayMode,
    availableDisplayModes,
    containerDimensions,
    locale: element.closest('[lang]')?.getAttribute('lang') || navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    platform: 'web',
    userAgent: navigator.userAgent,
    deviceCapabilities: { touch: navigator.maxTouchPoints > 0, hover: matchMedia('(hover: hover)').matches },
  } as McpUiHostContext;
}

/**
 * Calls `refresh` whenever what {@link readHostContext} reads may have changed: the preferred color
 * scheme, the element's size, the document root's class, style or `data-theme`. Returns the stop.
 */
export function observeHostContext(element: Element, refresh: () => void): () => void {
  const dark = matchMedia('(prefers-color-scheme: dark)');
  dark.addEventListener('change', refresh);
  const resize = new ResizeObserver(refresh);
  resize.observe(element);
  const attrs = new MutationObserver(refresh);
  attrs.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style', 'data-theme'] });
  return () => {
    dark.removeEventListener('change', refresh);
    resize.disconnect();
    attrs.disconnect();
  };
}
