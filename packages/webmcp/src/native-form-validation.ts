/**
 * @module
 * Over native declarative WebMCP, which never checks input: when an agent's call submits a
 * `<form toolname>`, the form's values are checked against the form's schema first. An invalid
 * call is answered with an error result through `respondWith` and never reaches the page.
 */
import { formInputSchema, formValues } from './form-schema';
import { compileInputValidator } from './input-validator';

type AgentSubmitEvent = SubmitEvent & { agentInvoked?: boolean; respondWith?(response: Promise<unknown>): void };

/** Checks every agent-invoked form submission in `win`; returns a function that stops. */
export function installNativeFormValidation(win: Window & typeof globalThis): () => void {
  const onSubmit = (event: Event) => {
    const submit = event as AgentSubmitEvent;
    const form = event.target as HTMLFormElement;
    const name = form.getAttribute?.('toolname');
    if (submit.agentInvoked !== true || !name) return;
    try {
      compileInputValidator(JSON.stringify(formInputSchema(form)), name)(formValues(form));
    } catch (error) {
      event.preventDefault();
      // The page's own handlers would act on the invalid values: they never see this submission.
      event.stopImmediatePropagation();
      submit.respondWith?.(Promise.resolve({ content: [{ type: 'text', text: (error as Error).message }], isError: true }));
    }
  };
  // Capturing at the window: before any listener of the page's form.
  win.addEventListener('submit', onSubmit, true);
  return () => win.removeEventListener('submit', onSubmit, true);
}
