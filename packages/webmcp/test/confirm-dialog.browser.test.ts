import { afterEach, describe, expect, inject, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { type ConfirmationRequest, requestConfirmation, setConfirmationHandler } from '../src/confirm-dialog';

const ask = (title: string, extra: Partial<ConfirmationRequest> = {}) =>
  requestConfirmation({ toolName: title.toLowerCase().replaceAll(' ', '_'), title, message: `Run ${title}?`, ...extra });

const dialog = (name?: string) => page.getByRole('dialog', name === undefined ? {} : { name });
const shadow = () => document.querySelector('webmcp-confirm')?.shadowRoot as ShadowRoot;

/** Every title the dialog showed, in order (to prove a withdrawn request never appeared). */
function recordTitles(): string[] {
  const titles: string[] = [];
  const heading = shadow().querySelector('h2')!;
  new MutationObserver(() => titles.push(heading.textContent ?? '')).observe(heading, { childList: true });
  return titles;
}

/** Text of the focused element, looking into shadow roots (toHaveFocus stops at the host). */
function focused(doc: Document = document): string | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el?.textContent ?? null;
}

function trigger(): HTMLButtonElement {
  const button = document.createElement('button');
  button.textContent = 'Trigger';
  document.body.append(button);
  button.focus();
  return button;
}

describe.skipIf(inject('webmcpMode') === 'native')('default confirmation dialog', () => {
  afterEach(async () => {
    setConfirmationHandler(null);
    for (const el of document.body.querySelectorAll('button, iframe')) el.remove();
    // Leave no dialog open for the next test, whatever this one did.
    shadow()?.querySelector('dialog')?.close();
    await expect.element(dialog()).not.toBeInTheDocument();
  });

  it('is named by the title, described by the message, focuses Confirm, and Enter confirms', async () => {
    const before = trigger();
    const answer = ask('Delete order', { message: 'Delete order #42 for ada@example.com?' });
    const shown = dialog('Delete order');
    await expect.element(shown).toBeVisible();
    await expect.element(shown).toHaveAccessibleDescription('Delete order #42 for ada@example.com?');
    await expect.poll(focused).toBe('Confirm');
    await userEvent.keyboard('{Enter}');
    await expect(answer).resolves.toBe(true);
    await expect.element(dialog()).not.toBeInTheDocument();
    expect(document.activeElement).toBe(before);
  });

  it('declines on Esc (cancel) and returns focus', async () => {
    const before = trigger();
    const answer = ask('Send mail');
    await expect.element(dialog('Send mail')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect(answer).resolves.toBe(false);
    expect(document.activeElement).toBe(before);
  });

  it('moves between the buttons with Tab and answers by click', async () => {
    const declined = ask('Pay invoice');
    await expect.poll(focused).toBe('Confirm');
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await expect.poll(focused).toBe('Cancel');
    await userEvent.keyboard('{Tab}');
    await expect.poll(focused).toBe('Confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(declined).resolves.toBe(false);

    const confirmed = ask('Pay invoice');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(confirmed).resolves.toBe(true);
  });

  it('queues concurrent requests: one dialog at a time, answered in order, none lost', async () => {
    const settled: string[] = [];
    const answers = ['First', 'Second', 'Third'].map((title) =>
      ask(title).then((value) => {
        settled.push(title);
        return value;
      }),
    );
    await expect.element(dialog('First')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect.element(dialog('Second')).toBeVisible();
    expect(settled).toEqual(['First']);
    await userEvent.keyboard('{Escape}');
    await expect.element(dialog('Third')).toBeVisible();
    await page.getByRole('button', { name: 'Confirm' }).click();
    expect(await Promise.all(answers)).toEqual([true, false, true]);
    expect(settled).toEqual(['First', 'Second', 'Third']);
    expect(shadow().querySelectorAll('dialog')).toHaveLength(1);
  });

  it('aborting the shown request closes it with signal.reason and shows the next', async () => {
    const before = trigger();
    const controller = new AbortController();
    const shown = ask('Shown', { signal: controller.signal });
    const next = ask('Next');
    await expect.element(dialog('Shown')).toBeVisible();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(shown).rejects.toBe(reason);
    await expect.element(dialog('Next')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect(next).resolves.toBe(true);
    expect(document.activeElement).toBe(before);
  });

  it('aborting a queued request removes it without ever showing it', async () => {
    const titles = recordTitles();
    const controller = new AbortController();
    const first = ask('First');
    const withdrawn = ask('Withdrawn', { signal: controller.signal });
    const last = ask('Last');
    await expect.element(dialog('First')).toBeVisible();
    controller.abort();
    await expect(withdrawn).rejects.toMatchObject({ name: 'AbortError' });
    await expect.element(dialog('First')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect.element(dialog('Last')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    expect(await Promise.all([first, last])).toEqual([true, true]);
    expect(titles).toEqual(['First', 'Last']);

    await expect(ask('Late', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(titles).toEqual(['First', 'Last']);
  });

  it('declines when the page removes the dialog while it is open, and shows the next one', async () => {
    const removed = ask('Removed');
    const next = ask('Next');
    await expect.element(dialog('Removed')).toBeVisible();
    document.querySelector('webmcp-confirm')!.remove();
    await expect(removed).resolves.toBe(false);
    await expect.element(dialog('Next')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect(next).resolves.toBe(true);
  });

  it('shows HTML in the message as text', async () => {
    const message = '<img src=x onerror="window.__xss=1"><b>bold</b>';
    const answer = ask('Inject', { message });
    await expect.element(dialog('Inject')).toHaveAccessibleDescription(message);
    expect(shadow().querySelector('img, b')).toBeNull();
    await userEvent.keyboard('{Escape}');
    await expect(answer).resolves.toBe(false);
    expect((window as { __xss?: number }).__xss).toBeUndefined();
  });

  it('takes its look from --webmcp-confirm-* custom properties, with light and dark defaults', async () => {
    const answer = ask('Themed');
    await expect.element(dialog('Themed')).toBeVisible();
    const box = shadow().querySelector('dialog')!;
    const confirm = shadow().querySelector('[part=confirm]')!;
    const root = document.documentElement.style;
    try {
      root.setProperty('--webmcp-confirm-color-scheme', 'light');
      expect(getComputedStyle(box).backgroundColor).toBe('rgb(255, 255, 255)');
      root.setProperty('--webmcp-confirm-color-scheme', 'dark');
      expect(getComputedStyle(box).backgroundColor).not.toBe('rgb(255, 255, 255)');
      expect(getComputedStyle(confirm).backgroundColor).toBe('rgb(168, 199, 250)');
      root.setProperty('--webmcp-confirm-bg', 'rgb(1, 2, 3)');
      root.setProperty('--webmcp-confirm-fg', 'rgb(4, 5, 6)');
      root.setProperty('--webmcp-confirm-accent', 'rgb(7, 8, 9)');
      root.setProperty('--webmcp-confirm-radius', '3px');
      root.setProperty('--webmcp-confirm-font', '20px serif');
      const style = getComputedStyle(box);
      expect([style.backgroundColor, style.color, style.borderRadius, style.fontSize]).toEqual([
        'rgb(1, 2, 3)',
        'rgb(4, 5, 6)',
        '3px',
        '20px',
      ]);
      expect(getComputedStyle(confirm).backgroundColor).toBe('rgb(7, 8, 9)');
    } finally {
      for (const name of ['color-scheme', 'bg', 'fg', 'accent', 'radius', 'font']) root.removeProperty(`--webmcp-confirm-${name}`);
    }
    await userEvent.keyboard('{Enter}');
    await expect(answer).resolves.toBe(true);
  });

  it('is styled on a page whose CSP forbids inline styles (default-src \'self\'; script-src \'self\')', async () => {
    const frame = document.createElement('iframe');
    frame.dataset.testid = 'csp';
    frame.srcdoc =
      `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'">` +
      '<p id="inline" style="color: rgb(255, 0, 0)">inline style the CSP must block</p>';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const doc = frame.contentDocument!;
    const violations: string[] = [];
    doc.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
    // The control: the page's own inline style is blocked, so the policy is really in force.
    expect(getComputedStyle(doc.getElementById('inline')!).color).not.toBe('rgb(255, 0, 0)');

    const answer = requestConfirmation({ toolName: 'csp', title: 'Under CSP', message: 'Styled?' }, doc);
    const confirm = page.frameLocator(page.getByTestId('csp')).getByRole('button', { name: 'Confirm' });
    await expect.poll(() => focused(doc)).toBe('Confirm');
    const box = doc.querySelector('webmcp-confirm')!.shadowRoot!.querySelector('dialog')!;
    expect(getComputedStyle(box).borderRadius).toBe('12px');
    await confirm.click();
    await expect(answer).resolves.toBe(true);
    // Only the control may be reported (it can arrive after load); nothing from the dialog.
    expect(violations.filter((directive) => directive !== 'style-src-attr')).toEqual([]);

    // The frame going away while its dialog is open declines instead of stalling the queue.
    const orphaned = requestConfirmation({ toolName: 'csp', title: 'Orphaned', message: '' }, doc);
    await expect.poll(() => focused(doc)).toBe('Confirm');
    frame.remove();
    await expect(orphaned).resolves.toBe(false);
  });
});

describe.skipIf(inject('webmcpMode') === 'native')('custom confirmation handler', () => {
  afterEach(() => setConfirmationHandler(null));

  it('replaces the dialog, and null restores it', async () => {
    const seen: ConfirmationRequest[] = [];
    setConfirmationHandler((request) => {
      seen.push(request);
      return request.title === 'Allowed';
    });
    expect(await Promise.all([ask('Allowed'), ask('Refused')])).toEqual([true, false]);
    expect(seen.map((request) => [request.toolName, request.title, request.message])).toEqual([
      ['allowed', 'Allowed', 'Run Allowed?'],
      ['refused', 'Refused', 'Run Refused?'],
    ]);
    await expect.element(dialog()).not.toBeInTheDocument();

    setConfirmationHandler(null);
    const answer = ask('Default again');
    await expect.element(dialog('Default again')).toBeVisible();
    await userEvent.keyboard('{Enter}');
    await expect(answer).resolves.toBe(true);
  });

  it('counts a throwing or rejecting handler, or a non-true answer, as declined', async () => {
    setConfirmationHandler(() => {
      throw new Error('broken UI');
    });
    await expect(ask('Throws')).resolves.toBe(false);
    setConfirmationHandler(() => Promise.reject(new Error('broken UI')));
    await expect(ask('Rejects')).resolves.toBe(false);
    setConfirmationHandler(() => 'yes' as unknown as boolean);
    await expect(ask('Truthy')).resolves.toBe(false);
  });

  it('rejects with signal.reason when aborted, without blocking the requests behind it', async () => {
    let started!: () => void;
    const waiting = new Promise<void>((resolve) => (started = resolve));
    setConfirmationHandler((request) => {
      if (request.title !== 'Stuck') return true;
      started();
      return new Promise<boolean>(() => {});
    });
    const controller = new AbortController();
    const stuck = ask('Stuck', { signal: controller.signal });
    const behind = ask('Behind');
    await waiting;
    controller.abort('timeout');
    await expect(stuck).rejects.toBe('timeout');
    await expect(behind).resolves.toBe(true);
  });
});
