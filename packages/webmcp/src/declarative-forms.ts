/**
 * @module
 * Declarative form tools: `<form toolname tooldescription [tooltitle] [toolautosubmit]>` becomes a
 * WebMCP tool whose call fills the form and answers with the page's `respondWith` value. Mirrors
 * native Chromium 156, including its error messages.
 */
import { type FormControl, type FormField, formFields, formInputSchema } from './form-schema';
import { installToolPseudoClasses } from './tool-pseudo-classes';
import { NAVIGATED, hasNativeSubmitEvent, installSubmitEvent, markAgentInvoked, responseOf } from './submit-event';

/** Where declarative form tools are registered (a `ModelContext` or anything shaped like one). */
export interface DeclarativeFormsContext {
  registerTool(tool: {
    name: string;
    title?: string;
    description: string;
    inputSchema: object;
    execute(input: Record<string, unknown>, options: { signal?: AbortSignal }): Promise<unknown>;
  }, options?: { signal?: AbortSignal }): Promise<void>;
}

/** Options of {@link installDeclarativeForms}. */
export interface DeclarativeFormsOptions {
  /** Handle forms even where the browser does so natively (for a forced polyfill). @default false */
  force?: boolean;
}

/**
 * Set to `true` on the `execute` of every form tool. Native reports a form tool's own errors
 * (`UnknownError` with a specific message) as they are, not as the generic "invocation failed", and
 * a form that submitted normally resolves to {@link NAVIGATED}: a polyfill core checks this flag.
 */
export const FORM_TOOL = Symbol.for('webmcp-kit.form-tool');

/** Attribute set on a form while an agent's call waits on it (stands in for `:tool-form-active`). */
export const FORM_ACTIVE_ATTRIBUTE = 'data-tool-form-active';
/** Attribute set on that form's default button meanwhile (stands in for `:tool-submit-active`). */
export const SUBMIT_ACTIVE_ATTRIBUTE = 'data-tool-submit-active';

const NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const FORM_ATTRIBUTES = ['toolname', 'tooldescription', 'tooltitle', 'toolautosubmit'];
// Attributes that change a form's tool or schema; others (class, style, our data-*) do not.
const WATCHED = [
  ...FORM_ATTRIBUTES, 'toolparamdescription', 'aria-description', 'name', 'type', 'required', 'min', 'max',
  'step', 'pattern', 'multiple', 'disabled', 'readonly', 'value',
];
const INSTALLED = Symbol.for('webmcp-kit.declarative-forms');
const SANITIZED = /^(number|date|datetime-local|time|month|week)$/;

interface Pending {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
  /** The agent's submit event was dispatched: the call's outcome is the page's answer to it. */
  submitted?: boolean;
}

const SCRIPT_SUBMIT = Symbol.for('webmcp-kit.form-submit');
const submittedByScript = new WeakSet<HTMLFormElement>();

/** Notes `form.submit()` calls: a page may answer an agent's submit event by submitting itself. */
function watchScriptSubmit(win: Window & typeof globalThis): void {
  const proto = win.HTMLFormElement.prototype as HTMLFormElement & { [SCRIPT_SUBMIT]?: true };
  if (proto[SCRIPT_SUBMIT]) return;
  const submit = proto.submit;
  Object.defineProperty(proto, 'submit', {
    configurable: true,
    writable: true,
    value: function (this: HTMLFormElement) {
      submittedByScript.add(this);
      return submit.call(this);
    },
  });
  Object.defineProperty(proto, SCRIPT_SUBMIT, { value: true });
}

const unknownError = (message: string) => new DOMException(message, 'UnknownError');

/**
 * Checks one input value against its field (native's "Invalid value" error when it does not fit)
 * and returns the step that writes it, which gives back the controls it changed.
 */
function plan({ name, kind, controls }: FormField, value: unknown): () => FormControl[] {
  const el = controls[0]!;
  const primitive = ['string', 'number', 'boolean'].includes(typeof value);
  const text = String(value);
  const select = el.localName === 'select' ? (el as HTMLSelectElement) : undefined;
  const allowed = select ? Array.from(select.options, (o) => o.value) : controls.map((c) => c.value);
  let chosen: string[] | undefined;
  if (kind === 'boolean') {
    const on = typeof value === 'string' ? ['false', 'true'].indexOf(value) : primitive ? +!!value : -1;
    if (on >= 0) chosen = on ? [el.value] : [];
  } else if (kind === 'checkboxes' || kind === 'multiselect') {
    const items = Array.isArray(value) ? value.map(String) : [];
    if (Array.isArray(value) && new Set(items).size === items.length && items.every((v) => allowed.includes(v))) chosen = items;
  } else if (primitive && !(kind === 'number' && typeof value === 'boolean')) {
    if (kind === 'radio' || kind === 'select') {
      if (allowed.includes(text)) chosen = [text];
    } else {
      // The browser's own value sanitization decides what a valid number or date string is.
      const probe = el.ownerDocument.createElement('input');
      probe.type = el.type;
      probe.value = text;
      if (probe.value || !SANITIZED.test(el.type)) chosen = [text];
    }
  }
  if (!chosen) throw unknownError(`Invalid value${primitive ? ` "${text}"` : ''} for parameter ${name}`);
  const values = chosen;
  if (kind === 'multiselect') {
    return () => {
      let changed = false;
      for (const option of [...select!.options]) {
        const selected = values.includes(option.value);
        if (option.selected !== selected) (option.selected = selected), (changed = true);
      }
      // As natively: input and change only when the selection actually changes.
      return changed ? [el] : [];
    };
  }
  if (el.type === 'checkbox' || el.type === 'radio') {
    return () => controls.filter((c) => setProperty(c, 'checked', values.includes(c.value)));
  }
  return () => (setProperty(el, 'value', text), [el]);
}

/**
 * Sets `value`/`checked` through the prototype's setter: frameworks such as React shadow the
 * instance property to track changes, and only a prototype write makes the next `input` event count.
 */
function setProperty(el: FormControl, key: 'value' | 'checked', value: string | boolean): boolean {
  const target = el as unknown as Record<string, unknown>;
  const before = target[key];
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), key)?.set;
  if (setter) setter.call(el, value);
  else target[key] = value;
  return before !== value;
}

/** Validates the whole input first (nothing is filled when any value is bad), then fills. */
function fill(form: HTMLFormElement, input: Record<string, unknown>): void {
  const fields = new Map(formFields(form).map((f) => [f.name, f]));
  const steps: Array<() => FormControl[]> = [];
  for (const [key, value] of Object.entries(input)) {
    const field = fields.get(key);
    if (!field) throw unknownError(`Input contains a parameter "${key}" but there is no such parameter for the tool`);
    steps.push(plan(field, value));
  }
  for (const step of steps) {
    for (const el of step()) {
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
}

/** Key of everything that defines a form's tool; a change means unregister and register again. */
function toolKey(form: HTMLFormElement): string | undefined {
  const name = form.getAttribute('toolname');
  const description = form.getAttribute('tooldescription');
  if (name === null || !NAME.test(name) || description === null) return undefined;
  return JSON.stringify([name, description, form.getAttribute('tooltitle'), form.hasAttribute('toolautosubmit'), formInputSchema(form)]);
}

/**
 * Registers every `<form toolname tooldescription>` of `doc` as a tool in `context`, now and as
 * forms are added, changed or removed, and polyfills `SubmitEvent.agentInvoked`/`respondWith`.
 * A no-op returning a no-op where the browser handles declarative forms natively. Returns a
 * function that unregisters the form tools and stops watching.
 * @example
 * ```ts
 * const uninstall = installDeclarativeForms(document, document.modelContext);
 * ```
 */
export function installDeclarativeForms(
  doc: Document,
  context: DeclarativeFormsContext,
  options: DeclarativeFormsOptions = {},
): () => void {
  const win = doc.defaultView as (Window & typeof globalThis) | null;
  const installed = ((doc as unknown as Record<symbol, WeakSet<object>>)[INSTALLED] ??= new WeakSet());
  if (!win || (!options.force && hasNativeSubmitEvent(win)) || installed.has(context)) return () => {};
  installed.add(context);
  installSubmitEvent(win);
  installToolPseudoClasses(win);
  watchScriptSubmit(win);
  const tracked = new Map<HTMLFormElement, { key: string; controller: AbortController }>();
  const pending = new Map<HTMLFormElement, Pending>();

  const execute = (form: HTMLFormElement) => (input: Record<string, unknown>, { signal }: { signal?: AbortSignal } = {}) =>
    new Promise<unknown>((resolve, reject) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw unknownError('JSON input arguments must be an object');
      }
      const auto = form.hasAttribute('toolautosubmit');
      const button = [...form.elements].find((el) => /^(submit|image)$/.test((el as HTMLInputElement).type)) as
        | HTMLElement
        | undefined;
      if (!auto && !button) {
        throw unknownError('No submit button was found, but for a form without `toolautosubmit`, there must be a submit button');
      }
      if (signal?.aborted) throw signal.reason;
      fill(form, input);
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        form.removeAttribute(FORM_ACTIVE_ATTRIBUTE);
        button?.removeAttribute(SUBMIT_ACTIVE_ATTRIBUTE);
        if (pending.get(form) === entry) pending.delete(form);
      };
      const entry: Pending = {
        resolve: (value) => (done(), resolve(value)),
        reject: (reason) => (done(), reject(reason)),
      };
      const onAbort = () => entry.reject(signal?.reason);
      signal?.addEventListener('abort', onAbort);
      // A newer call takes the form over: its values are the ones the user now sees.
      pending.get(form)?.reject(new DOMException('Superseded by a newer call', 'AbortError'));
      pending.set(form, entry);
      form.setAttribute(FORM_ACTIVE_ATTRIBUTE, '');
      button?.setAttribute(SUBMIT_ACTIVE_ATTRIBUTE, '');
      // As natively: the user, who now has to submit, finds the button focused.
      if (!auto) {
        button?.focus();
        return;
      }
      const bad = [...form.elements].filter(
        (el): el is FormControl => 'checkValidity' in el && (el as FormControl).willValidate && !(el as FormControl).checkValidity(),
      );
      if (bad.length) {
        entry.reject(unknownError(`Form validation failed: ${bad.map((el) => `${el.name}: ${el.validationMessage}. `).join('')}`));
        return;
      }
      form.requestSubmit();
    });

  const onSubmit = (event: Event) => {
    const form = event.target as HTMLFormElement;
    const entry = pending.get(form);
    if (!entry || !event.isTrusted) return;
    markAgentInvoked(event);
    entry.submitted = true;
    submittedByScript.delete(form);
    // Answer once every listener has run: only then are preventDefault and respondWith final.
    setTimeout(() => {
      const response = responseOf(event);
      if (response) response.then(entry.resolve, () => entry.reject(unknownError('respondWith promise was rejected')));
      // preventDefault() then form.submit(): the page let the submission go ahead itself.
      else if (event.defaultPrevented && submittedByScript.has(form)) entry.resolve(NAVIGATED);
      else if (event.defaultPrevented) {
        entry.reject(unknownError("The site has a programming error: it called preventDefault() on the 'submit' event, without also calling respondWith() with the tool result"));
      } else entry.resolve(NAVIGATED);
    });
  };

  const sync = () => {
    const keys = new Map<HTMLFormElement, string | undefined>();
    for (const form of doc.querySelectorAll<HTMLFormElement>('form[toolname]')) keys.set(form, toolKey(form));
    for (const [form, { key, controller }] of tracked) {
      if (keys.get(form) !== key) {
        controller.abort();
        tracked.delete(form);
        // Once the agent's submit event went out, the page's answer to it decides, form or not.
        const entry = pending.get(form);
        if (!entry?.submitted) entry?.reject(unknownError('Tool execution cancelled, since tool definition was updated'));
      }
    }
    for (const [form, key] of keys) {
      if (!key || tracked.has(form)) continue;
      const controller = new AbortController();
      tracked.set(form, { key, controller });
      const title = form.getAttribute('tooltitle');
      context.registerTool({
        name: form.getAttribute('toolname')!,
        ...(title === null ? {} : { title }),
        description: form.getAttribute('tooldescription')!,
        inputSchema: formInputSchema(form),
        execute: Object.assign(execute(form), { [FORM_TOOL]: true }),
      }, { signal: controller.signal }).catch(() => {
        // Like native: a form whose name is taken (or otherwise refused) is silently not a tool.
      });
    }
  };

  const observer = new MutationObserver(sync);
  observer.observe(doc, { subtree: true, childList: true, attributes: true, attributeFilter: WATCHED });
  win.addEventListener('submit', onSubmit, true);
  sync();
  return () => {
    observer.disconnect();
    win.removeEventListener('submit', onSubmit, true);
    for (const { controller } of tracked.values()) controller.abort();
    tracked.clear();
    for (const entry of pending.values()) entry.reject(new DOMException('Uninstalled', 'AbortError'));
    installed.delete(context);
  };
}
