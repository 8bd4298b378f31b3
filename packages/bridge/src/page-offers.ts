/**
 * @module
 * What clients see of the pages' prompts, resources and templates. Prompt names follow the tool
 * naming scheme (the primary origin's bare, others `name__<origin-label>`) with a namer of their
 * own. A resource URI belongs to the primary origin when it offers it, else to the first page that
 * did: no other origin can shadow the primary's resources. Templates are tried in the same order.
 */
import type { AcceptedPrompt, AcceptedTemplate, PageOfferLists } from './offer-lists';
import type { PageInfo } from './page-tools';
import type { WireOfferedResource, WireResource } from './protocol';
import { ToolNamer } from './tool-names';
import { matchTemplate } from './uri-templates';

/** A page prompt under its exposed name. */
export interface ExposedPrompt {
  name: string;
  page: PageInfo;
  prompt: AcceptedPrompt;
}

/** A resource clients see: a tool extension's MCP App UI (`ui`, content known) or one the page reads on demand. */
export type ExposedResource = { page: PageInfo } & ({ kind: 'ui'; resource: WireResource } | { kind: 'offered'; resource: WireOfferedResource });

/** A page's resource template. */
export interface ExposedTemplate {
  page: PageInfo;
  template: AcceptedTemplate;
}

/** A page as the index reads it: connection order, its tool-extension UIs and its offers. */
export interface OfferingPage {
  info: PageInfo;
  ui: WireResource[];
  offers: PageOfferLists;
  /** Its offers list arrived since it (re)connected: `offers` is current, not the empty default. */
  seen: boolean;
}

/** The exposed prompts, resources and templates of every connected page. */
export class OfferIndex {
  readonly #namer: ToolNamer;
  #prompts = new Map<string, ExposedPrompt>();
  #resources = new Map<string, ExposedResource>();
  #templates: ExposedTemplate[] = [];
  /** What each tab offered last, kept while it reloads (until {@link release}). */
  #held = new Map<string, PageOfferLists>();
  // Keys of the empty lists, so a page that connects offering nothing sends no list_changed.
  #promptsKey = '[]';
  #resourcesKey = '[[],[]]';

  constructor(primaryOrigin?: string) {
    this.#namer = new ToolNamer(primaryOrigin);
  }

  /** Pins the primary origin (as the tool namer did). */
  pinPrimary(origin: string): void {
    this.#namer.pinPrimary(origin);
  }

  /** Frees the prompt names, and forgets the offers, of a tab gone for good. */
  release(tab: string): void {
    this.#namer.release(tab);
    this.#held.delete(tab);
  }

  /** The tab whose prompt has (or had, until it is released) exposed name `name`. */
  promptTab(name: string): string | undefined {
    return this.#namer.ownerOf(name)?.tab;
  }

  /** Tabs that offered (at their last offers list) resource `uri`, or a template matching it. */
  resourceTabs(uri: string): string[] {
    return this.#heldBy((offers) => offers.resources.some((r) => r.uri === uri) || offers.templates.some((t) => matchTemplate(t.compiled, uri)));
  }

  /** Tabs that offered (at their last offers list) the template `uriTemplate`. */
  templateTabs(uriTemplate: string): string[] {
    return this.#heldBy((offers) => offers.templates.some((t) => t.uriTemplate === uriTemplate));
  }

  #heldBy(offered: (offers: PageOfferLists) => boolean): string[] {
    return [...this.#held].filter(([, offers]) => offered(offers)).map(([tab]) => tab);
  }

  /** Rebuilds the index; says which lists changed as clients see them. */
  recompute(pages: OfferingPage[]): { prompts: boolean; resources: boolean } {
    const primary = this.#namer.primary;
    const ordered = [...pages.filter((p) => p.info.origin.toLowerCase() === primary), ...pages.filter((p) => p.info.origin.toLowerCase() !== primary)];
    const prompts = new Map<string, ExposedPrompt>();
    const resources = new Map<string, ExposedResource>();
    const templates: ExposedTemplate[] = [];
    const seenTemplates = new Set<string>();
    for (const { info: page, offers, seen } of pages) if (seen) this.#held.set(page.tab, offers);
    for (const { info: page, ui, offers } of ordered) {
      for (const resource of ui) if (!resources.has(resource.uri)) resources.set(resource.uri, { kind: 'ui', resource, page });
      for (const resource of offers.resources) if (!resources.has(resource.uri)) resources.set(resource.uri, { kind: 'offered', resource, page });
      for (const template of offers.templates) {
        if (seenTemplates.has(template.uriTemplate)) continue;
        seenTemplates.add(template.uriTemplate);
        templates.push({ page, template });
      }
    }
    // Names in connection order, so a tab keeps its name whichever page connects later.
    for (const { info: page, offers } of pages) {
      for (const prompt of offers.prompts) {
        const name = this.#namer.assign(page.origin, page.tab, prompt.name);
        prompts.set(name, { name, page, prompt });
      }
    }
    this.#prompts = prompts;
    this.#resources = resources;
    this.#templates = templates;
    const where = (p: PageInfo) => [p.title, p.origin];
    const pkey = JSON.stringify([...prompts.values()].map((e) => [e.name, e.prompt, ...where(e.page)]));
    const rkey = JSON.stringify([
      [...resources.values()].map((r) => [r.kind, r.resource, ...where(r.page)]),
      templates.map((t) => [t.template.uriTemplate, t.template.name, t.template.title, t.template.description, t.template.mimeType, t.template._meta, ...where(t.page)]),
    ]);
    const changed = { prompts: pkey !== this.#promptsKey, resources: rkey !== this.#resourcesKey };
    this.#promptsKey = pkey;
    this.#resourcesKey = rkey;
    return changed;
  }

  /** Every exposed prompt. */
  prompts(): ExposedPrompt[] {
    return [...this.#prompts.values()];
  }

  /** A prompt by exposed name. */
  prompt(name: string): ExposedPrompt | undefined {
    return this.#prompts.get(name);
  }

  /** Every resource with a fixed URI (tool-extension UIs and offered ones). */
  resources(): ExposedResource[] {
    return [...this.#resources.values()];
  }

  /** A resource by exact URI. */
  resource(uri: string): ExposedResource | undefined {
    return this.#resources.get(uri);
  }

  /** Every resource template. */
  templates(): ExposedTemplate[] {
    return this.#templates;
  }

  /** A template by its `uriTemplate` text (completion references name it so). */
  template(uriTemplate: string): ExposedTemplate | undefined {
    return this.#templates.find((t) => t.template.uriTemplate === uriTemplate);
  }

  /** The first template (primary origin first) matching `uri`, with the variables. */
  match(uri: string): { exposed: ExposedTemplate; vars: Record<string, string> } | undefined {
    for (const exposed of this.#templates) {
      const vars = matchTemplate(exposed.template.compiled, uri);
      if (vars) return { exposed, vars };
    }
    return undefined;
  }

  /** True when `uri` is served by page `id` (a resource of its own, or one of its templates). */
  serves(id: string, uri: string): boolean {
    const fixed = this.#resources.get(uri);
    if (fixed) return fixed.page.id === id;
    return this.match(uri)?.exposed.page.id === id;
  }
}
