/**
 * @module
 * The newsletter signup: a declarative WebMCP tool (`<form toolname=…>` in index.html). A person
 * submits it as usual; an agent fills it, and the page answers the agent's submit with
 * `respondWith()`.
 */
import type { Shop } from './shop';

/** A submit event as WebMCP extends it for agent-invoked declarative tools. */
interface AgentSubmitEvent extends SubmitEvent {
  agentInvoked?: boolean;
  respondWith?: (result: Promise<unknown> | unknown) => void;
}

/** Wires the newsletter form in the footer. */
export function setUpNewsletter(shop: Shop): void {
  const form = document.getElementById('newsletter') as HTMLFormElement | null;
  const status = document.getElementById('newsletter-status');
  if (!form || !status) return;
  form.addEventListener('submit', (submit) => {
    const event = submit as AgentSubmitEvent;
    event.preventDefault();
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const topic = String(data.get('topic') ?? 'everything');
    const message = `Subscribed ${email} to the ${topic} newsletter.`;
    status.textContent = `${message} Thank you!`;
    status.dataset.state = 'subscribed';
    if (event.agentInvoked) {
      shop.log('newsletter_signup', message, 'success');
      // No reset here: resetting the form cancels the agent's pending call (native WebMCP).
      event.respondWith?.(Promise.resolve(message));
    } else {
      form.reset();
    }
  });
}
