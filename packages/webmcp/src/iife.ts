/**
 * @module
 * The `<script src="webmcp.iife.js">` build: installs WebMCP and exposes the helpers on
 * `window.WebMCPKit`. `<script … data-force-polyfill>` installs the polyfill even over native.
 * Prompts and resources are the separate add-on `webmcp-offers.iife.js` (offers-iife.ts), so
 * pages that only offer tools don't load them.
 */
import { defineTool, registerTools } from './define-tool';
import { requestConfirmation, setConfirmationHandler } from './confirm-dialog';
import { isWebMCPKitError } from './errors';
import { exposeKit } from './expose-kit';
import { getInstallation, installModelContext, isNativeModelContext } from './install';

const script = document.currentScript;
installModelContext({ force: script?.hasAttribute('data-force-polyfill') ?? false });

exposeKit({
  defineTool,
  registerTools,
  requestConfirmation,
  setConfirmationHandler,
  installModelContext,
  getInstallation,
  isNativeModelContext,
  isWebMCPKitError,
});
