/**
 * Lit templates for the console's argument form: one labelled control per schema field, nested
 * objects as fieldsets, arrays of primitives as add/remove lists (or checkboxes for enum items).
 */
import { html, nothing, type TemplateResult } from 'lit';
import {
  createDraft,
  enumOptions,
  fieldKind,
  fieldLabel,
  isChoiceArray,
  type Draft,
  type FieldError,
  type FormSchema,
} from './schema-form';

/** What the templates need from their host element. */
export interface FieldsContext {
  /** Problems from the last validation, shown beside their fields. */
  errors: readonly FieldError[];
  /** Called with the path and the new leaf (or whole array) when the user edits; `focus` names a control id to focus after the update. */
  onChange(path: string[], leaf: Draft, focus?: string): void;
}

/** The DOM id of the control for a field path (stable, so errors can point at it). */
export function fieldId(path: readonly string[]): string {
  return `f-${path.map(encodeURIComponent).join('.')}`;
}

/** Renders every property of an object schema as form controls. */
export function renderFields(schema: FormSchema, draft: Draft, ctx: FieldsContext, path: string[] = []): TemplateResult {
  const values = (draft && typeof draft === 'object' && !Array.isArray(draft) ? draft : {}) as Record<string, Draft>;
  const required = new Set(schema.required ?? []);
  return html`${Object.entries(schema.properties ?? {}).map(([key, sub]) =>
    renderField(sub, values[key], ctx, [...path, key], fieldLabel(sub, key), required.has(key)),
  )}`;
}

function renderField(schema: FormSchema, draft: Draft, ctx: FieldsContext, path: string[], label: string, required: boolean): TemplateResult {
  const id = fieldId(path);
  const error = ctx.errors.find((e) => e.path.join('\0') === path.join('\0'))?.message;
  const describedBy = [schema.description && `${id}-desc`, error && `${id}-err`].filter(Boolean).join(' ') || nothing;
  const invalid = error ? 'true' : nothing;
  const hint = schema.description ? html`<span class="hint" id="${id}-desc">${schema.description}</span>` : nothing;
  const problem = error ? html`<span class="error" id="${id}-err">${error}</span>` : nothing;
  const mark = required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing;
  const kind = fieldKind(schema);
  const text = (value: string) => ctx.onChange(path, value === '' ? undefined : value);

  if (kind === 'object' || kind === 'array') {
    return html`<fieldset part="fieldset" aria-describedby=${describedBy} aria-invalid=${invalid}>
      <legend>${label}${mark}</legend>${hint}
      ${kind === 'object' ? renderFields(schema, draft, ctx, path) : renderArray(schema, draft, ctx, path, label)}
      ${problem}
    </fieldset>`;
  }
  if (kind === 'boolean') {
    return html`<div class="field check">
      <input type="checkbox" id=${id} .checked=${draft === true} aria-describedby=${describedBy} aria-invalid=${invalid}
        @change=${(e: Event) => ctx.onChange(path, (e.target as HTMLInputElement).checked)} />
      <label for=${id}>${label}${mark}</label>${hint}${problem}
    </div>`;
  }
  let control: TemplateResult;
  if (kind === 'enum') {
    control = html`<select id=${id} aria-required=${required} aria-describedby=${describedBy} aria-invalid=${invalid}
      @change=${(e: Event) => text((e.target as HTMLSelectElement).value)}>
      <option value="" ?selected=${draft === undefined}>${required ? 'Choose…' : '(not set)'}</option>
      ${enumOptions(schema).map(
        (option, i) => html`<option value=${i} ?selected=${draft === String(i)}>${typeof option === 'string' ? option : JSON.stringify(option)}</option>`,
      )}
    </select>`;
  } else if (kind === 'json') {
    control = html`<textarea id=${id} rows="3" spellcheck="false" aria-required=${required} aria-describedby=${describedBy} aria-invalid=${invalid}
      placeholder="JSON" .value=${typeof draft === 'string' ? draft : ''} @input=${(e: Event) => text((e.target as HTMLTextAreaElement).value)}></textarea>`;
  } else {
    control = renderInput(schema, draft, id, required, describedBy, invalid, text);
  }
  return html`<div class="field"><label for=${id}>${label}${mark}</label>${hint}${control}${problem}</div>`;
}

function renderInput(
  schema: FormSchema,
  draft: Draft,
  id: string,
  required: boolean,
  describedBy: string | typeof nothing,
  invalid: string | typeof nothing,
  onText: (value: string) => void,
  ariaLabel?: string,
): TemplateResult {
  const kind = fieldKind(schema);
  const numeric = kind === 'number' || kind === 'integer';
  // Numbers use a text input so a typo stays visible and gets a clear message instead of being blanked.
  const type = numeric ? 'text' : ({ email: 'email', uri: 'url', date: 'date' } as Record<string, string>)[schema.format ?? ''] ?? 'text';
  return html`<input id=${id} type=${type} inputmode=${numeric ? (kind === 'integer' ? 'numeric' : 'decimal') : nothing}
    aria-label=${ariaLabel ?? nothing} aria-required=${required} aria-describedby=${describedBy} aria-invalid=${invalid}
    .value=${typeof draft === 'string' ? draft : ''} @input=${(e: Event) => onText((e.target as HTMLInputElement).value)} />`;
}

function renderArray(schema: FormSchema, draft: Draft, ctx: FieldsContext, path: string[], label: string): TemplateResult {
  const items = schema.items ?? {};
  const list = Array.isArray(draft) ? draft : [];
  if (isChoiceArray(schema)) {
    return html`${enumOptions(items).map((option, i) => {
      const id = fieldId([...path, String(i)]);
      return html`<div class="field check">
        <input type="checkbox" id=${id} .checked=${list[i] === true}
          @change=${(e: Event) => {
            const next = enumOptions(items).map((_, j) => list[j] === true);
            next[i] = (e.target as HTMLInputElement).checked;
            ctx.onChange(path, next);
          }} />
        <label for=${id}>${typeof option === 'string' ? option : JSON.stringify(option)}</label>
      </div>`;
    })}`;
  }
  const atMax = schema.maxItems !== undefined && list.length >= schema.maxItems;
  return html`<ol class="items">
      ${list.map((item, i) => {
        const here = [...path, String(i)];
        const id = fieldId(here);
        const error = ctx.errors.find((e) => e.path.join('\0') === here.join('\0'))?.message;
        const name = `${label} ${i + 1}`;
        const control =
          fieldKind(items) === 'enum' || fieldKind(items) === 'boolean'
            ? renderField(items, item, ctx, here, name, false)
            : renderInput(items, item, id, false, error ? `${id}-err` : nothing, error ? 'true' : nothing, (v) => ctx.onChange(here, v === '' ? undefined : v), name);
        return html`<li>
          ${control}
          <button type="button" class="remove" aria-label="Remove ${name}"
            @click=${() => ctx.onChange(path, list.filter((_, j) => j !== i), list.length > 1 ? fieldId([...path, String(Math.max(0, i - 1))]) : `${fieldId(path)}-add`)}>
            Remove
          </button>
          ${error && fieldKind(items) !== 'enum' && fieldKind(items) !== 'boolean' ? html`<span class="error" id="${id}-err">${error}</span>` : nothing}
        </li>`;
      })}
    </ol>
    <button type="button" id="${fieldId(path)}-add" class="add" ?disabled=${atMax}
      @click=${() => ctx.onChange(path, [...list, createDraft(items)], fieldId([...path, String(list.length)]))}>
      Add ${label}
    </button>`;
}
