/**
 * @module
 * The `<script src="webmcp-offers.iife.js">` add-on: adds `definePrompt`, `registerPrompts`,
 * `defineResource`, `defineResourceTemplate`, `registerResources` and `notifyResourceUpdated` to
 * `window.WebMCPKit`, before or after `webmcp.iife.js`, or without it (the page-offers registry
 * does not need WebMCP).
 */
import { definePrompt, registerPrompts } from './define-prompt';
import { defineResource, defineResourceTemplate, notifyResourceUpdated, registerResources } from './define-resource';
import { exposeKit } from './expose-kit';

exposeKit({ definePrompt, registerPrompts, defineResource, defineResourceTemplate, registerResources, notifyResourceUpdated });
