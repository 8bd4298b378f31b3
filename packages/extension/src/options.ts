/** @module The options page: the bridge URL and the page token, saved once. */
/// <reference types="chrome" />
import type { ExtensionStatus, PublishedStatus } from './messages';
import { loadSettings, settingsProblem } from './settings';

const form = document.getElementById('settings') as HTMLFormElement;
const url = document.getElementById('bridge-url') as HTMLInputElement;
const token = document.getElementById('page-token') as HTMLInputElement;
const status = document.getElementById('status')!;
document.getElementById('own-origin')!.textContent = location.origin;

function show(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function render(s: Pick<ExtensionStatus, 'connected' | 'problem'>): void {
  show(s.connected ? 'Connected to the bridge.' : (s.problem ?? 'Connecting…'), !s.connected && !!s.problem);
}

async function refresh(): Promise<void> {
  render((await chrome.runtime.sendMessage({ type: 'status' })) as ExtensionStatus);
}

void loadSettings().then((s) => {
  url.value = s.bridgeUrl;
  token.value = s.pageToken;
  void refresh();
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const problem = settingsProblem(url.value.trim(), token.value.trim());
  if (problem) return show(problem, true);
  show('Saved; connecting…');
  void chrome.storage.local.set({ bridgeUrl: url.value.trim(), pageToken: token.value.trim() });
});

// The worker publishes its state as it changes (bridge restarts): keep the line current.
chrome.storage.session.onChanged.addListener((changes) => {
  const status = changes.status?.newValue as PublishedStatus | undefined;
  if (status) render(status);
});
