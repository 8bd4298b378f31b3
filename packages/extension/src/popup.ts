/** @module The popup: enable or disable the current site, see its tool count and the enabled sites. */
/// <reference types="chrome" />
import { type ExtensionRequest, type ExtensionStatus, type PublishedStatus, permissionPattern, webOrigin } from './messages';
import { loadSettings } from './settings';

const site = document.getElementById('site')!;
const status = document.getElementById('status')!;
const toggle = document.getElementById('toggle') as HTMLButtonElement;
const hint = document.getElementById('hint')!;
const list = document.getElementById('sites')!;

async function ask(request: ExtensionRequest): Promise<ExtensionStatus> {
  const answer = (await chrome.runtime.sendMessage(request)) as ExtensionStatus | { error: string };
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

async function targetTab(): Promise<chrome.tabs.Tab | undefined> {
  // popup.html?tab=<id> targets a given tab (the popup opened as a page, e.g. in tests).
  const given = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(given) && given > 0) return chrome.tabs.get(given);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

function render(origin: string | undefined, s: ExtensionStatus): void {
  const enabled = !!origin && s.sites.includes(origin);
  site.textContent = origin ?? 'This page cannot be enabled (only http and https sites).';
  status.textContent = `${s.connected ? 'Bridge connected' : 'Bridge not connected'}${enabled ? ` · ${s.tools ?? 0} tools on this tab` : ''}`;
  hint.textContent = s.connected ? '' : (s.problem ?? '');
  toggle.disabled = !origin;
  toggle.textContent = enabled ? 'Disable on this site' : 'Enable on this site';
  toggle.dataset.enabled = String(enabled);
  list.replaceChildren(
    ...s.sites.map((o) => {
      const li = document.createElement('li');
      li.textContent = o;
      const remove = document.createElement('button');
      remove.textContent = 'Remove';
      remove.onclick = () => void ask({ type: 'disable', origin: o }).then((next) => render(origin, next));
      li.append(remove);
      return li;
    }),
  );
}

async function main(): Promise<void> {
  const tab = await targetTab();
  const origin = webOrigin(tab?.url);
  render(origin, await ask({ type: 'status', tabId: tab?.id }));
  toggle.onclick = async () => {
    if (!origin) return;
    try {
      if (toggle.dataset.enabled === 'true') return render(origin, await ask({ type: 'disable', origin }));
      // Host access is asked for only now, for this one site (any port), never up front.
      const origins = [permissionPattern(origin)];
      if (!(await chrome.permissions.contains({ origins })) && !(await chrome.permissions.request({ origins }))) {
        hint.textContent = 'Permission not granted: the site stays off.';
        return;
      }
      render(origin, await ask({ type: 'enable', origin, tabId: tab?.id }));
    } catch (e) {
      hint.textContent = (e as Error).message;
    }
  };
  // The worker publishes its state as it changes (tools registered, bridge up or down).
  chrome.storage.onChanged.addListener(async () => {
    const [{ status }, settings] = await Promise.all([chrome.storage.session.get('status') as Promise<{ status?: PublishedStatus }>, loadSettings()]);
    if (!status) return;
    render(origin, { connected: status.connected, problem: status.problem, tools: tab?.id === undefined ? undefined : (status.tools[tab.id] ?? 0), sites: settings.sites });
  });
}

void main();
