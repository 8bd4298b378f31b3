/**
 * @module
 * The tools clients see: every connected page's tools under their exposed names (tool-names.ts),
 * rebuilt when a page's list changes, with a key that tells whether the list clients see changed.
 */
import { info, type ExposedTool } from './page-tools';
import type { PageRecord } from './page-record';
import { ToolNamer } from './tool-names';

/** Exposed tools by name, and the names' owners (tabs keep theirs while they reload). */
export class ToolIndex {
  readonly #namer: ToolNamer;
  #exposed = new Map<string, ExposedTool>();
  /** Key of the empty list, so a page that connects with no tools yet sends no list_changed. */
  #key = '[]';

  constructor(primaryOrigin?: string) {
    this.#namer = new ToolNamer(primaryOrigin);
  }

  /** The origin whose tools keep bare names, once known. */
  get primary(): string | undefined {
    return this.#namer.primary;
  }

  /** Number of exposed tools. */
  get size(): number {
    return this.#exposed.size;
  }

  /** Pins the primary origin when none is yet; true when this call pinned it. */
  pinPrimary(origin: string): boolean {
    return this.#namer.pinPrimary(origin);
  }

  /** The tab whose tool has (or had, until it is released) exposed name `name`. */
  ownerTab(name: string): string | undefined {
    return this.#namer.ownerOf(name)?.tab;
  }

  /** Frees the names of a tab gone for good. */
  release(tab: string): void {
    this.#namer.release(tab);
  }

  /** A tool by exposed name. */
  get(name: string): ExposedTool | undefined {
    return this.#exposed.get(name);
  }

  /** Every exposed tool. */
  list(): ExposedTool[] {
    return [...this.#exposed.values()];
  }

  /** Rebuilds the index from the pages that said hello; true when the list clients see changed. */
  recompute(pages: Iterable<PageRecord>): boolean {
    const exposed = new Map<string, ExposedTool>();
    for (const p of pages) {
      if (!p.hello) continue;
      const page = info(p);
      for (const tool of p.tools) {
        const name = this.#namer.assign(p.origin, p.tab, tool.name);
        const schema = (tool.inputSchema ?? {}) as Record<string, unknown>;
        exposed.set(name, { name, page, tool, inputSchema: { type: 'object', ...schema } });
      }
    }
    this.#exposed = exposed;
    const key = JSON.stringify([...exposed.values()].map((e) => [e.name, e.tool, e.page.title, e.page.origin]));
    if (key === this.#key) return false;
    this.#key = key;
    return true;
  }
}
