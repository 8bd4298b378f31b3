/** @module The options page: the bridge URL and the page token, saved once. */
/// <reference types="chrome" />
import type { ExtensionStatus } from './messages';
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

async function refresh(): Promise<void> {
  const s = (await chrome.runtime.sendMessage({ type: 'status' })) as ExtensionStatus;
  show(s.connected ? 'Connected to the bridge.' : (s.problem ?? 'Connecting…'), !s.connected && !!s.problem);
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
  void chrome.storage.local.set({ bridgeUrl: url.value.trim(), pageToken: token.value.trim() }).then(() => show('Saved; connecting…'));
});

// The worker's state changes on its own (bridge restarts): keep the line current while open.
setInterval(() => void refresh(), 1000);
