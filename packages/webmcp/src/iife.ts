/**
 * @module
 * The `<script src="webmcp.iife.js">` build: installs WebMCP and exposes the helpers on
 * `window.WebMCPKit`. `<script … data-force-polyfill>` installs the polyfill even over native.
 */
import { definePrompt, registerPrompts } from './define-prompt';
import { defineResource, defineResourceTemplate, notifyResourceUpdated, registerResources } from './define-resource';
import { defineTool, registerTools } from './define-tool';
import { requestConfirmation, setConfirmationHandler } from './confirm-dialog';
import { isWebMCPKitError } from './errors';
import { getInstallation, installModelContext, isNativeModelContext } from './install';

const script = document.currentScript;
installModelContext({ force: script?.hasAttribute('data-force-polyfill') ?? false });

Object.defineProperty(window, 'WebMCPKit', {
  configurable: true,
  value: Object.freeze({
    defineTool,
    registerTools,
    requestConfirmation,
    setConfirmationHandler,
    installModelContext,
    getInstallation,
    isNativeModelContext,
    isWebMCPKitError,
    definePrompt,
    registerPrompts,
    defineResource,
    defineResourceTemplate,
    registerResources,
    notifyResourceUpdated,
  }),
});
