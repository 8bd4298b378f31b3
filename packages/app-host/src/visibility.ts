/**
 * @module
 * `_meta.ui.visibility` rules (SEP-1865): a tool is visible to the model and to apps unless its
 * visibility list says otherwise.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

/** Who may see or call a tool. */
export type ToolAudience = 'app' | 'model';

/**
 * True when `tool` may be seen or called by `audience`. A missing or non-array
 * `_meta.ui.visibility` means both; an array (even empty) lists the audiences exactly.
 */
export function isToolVisibleTo(tool: Pick<Tool, '_meta'>, audience: ToolAudience): boolean {
  const ui = tool._meta?.ui as { visibility?: unknown } | undefined;
  const visibility = ui && typeof ui === 'object' ? ui.visibility : undefined;
  return Array.isArray(visibility) ? visibility.includes(audience) : true;
}

/** The tools a model may see: drops tools whose `_meta.ui.visibility` lacks `"model"`. */
export function filterModelVisibleTools<T extends Pick<Tool, '_meta'>>(tools: readonly T[]): T[] {
  return tools.filter((tool) => isToolVisibleTo(tool, 'model'));
}
