/**
 * @module
 * `@webmcp-kit/webmcp`: the WebMCP polyfill and typed tool helpers. Importing this entry has no
 * side effects; call {@link installModelContext} (or import `@webmcp-kit/webmcp/install`).
 */

// Installing the API (polyfill, or a layer on native WebMCP) and inspecting it.
export { installModelContext, getInstallation, isNativeModelContext } from './install';
export type { InstallOptions, Installation } from './install';

// Typed helpers: explicit readOnly, validated input/output, confirmation of state changes.
export { defineTool, registerTools, MCP_APP_MIME_TYPE } from './define-tool';
export type {
  ConfirmVia,
  DefinedTool,
  RegisterToolsOptions,
  ToolAppDefinition,
  ToolConfirmation,
  ToolContext,
  ToolDefinition,
  ToolRegistration,
  ToolResult,
} from './define-tool';

// Declarative <form toolname> tools (installModelContext runs this for the polyfill).
export { installDeclarativeForms, FORM_ACTIVE_ATTRIBUTE, SUBMIT_ACTIVE_ATTRIBUTE } from './declarative-forms';
export { formInputSchema } from './form-schema';
export type { DeclarativeFormsContext, DeclarativeFormsOptions } from './declarative-forms';

// The confirmation UI and how to replace it.
export { requestConfirmation, setConfirmationHandler } from './confirm-dialog';
export type { ConfirmationHandler, ConfirmationRequest } from './confirm-dialog';

// Event classes and the events the bridge observes while a call waits for the user.
export {
  ToolActivatedEvent,
  ToolCancelEvent,
  TOOL_INTERACTION_START,
  TOOL_INTERACTION_END,
} from './tool-events';
export type { ToolEventInit } from './tool-events';

// MCP extras of page tools (output schema, _meta, ui:// resources), read by the bridge.
export { getToolExtensions, TOOL_EXTENSIONS_KEY } from './tool-extensions';
export type { ToolExtension, ToolResource } from './tool-extensions';

// Prompts, resources and resource templates a page offers agents (read by the bridge connector).
export { definePrompt, registerPrompts } from './define-prompt';
export type { PromptDefinition, PromptRegistration, PromptValue } from './define-prompt';
export { defineResource, defineResourceTemplate, registerResources, notifyResourceUpdated } from './define-resource';
export type {
  ResourceDefinition,
  ResourceInfoDefinition,
  ResourceRegistration,
  ResourceTemplateDefinition,
  ResourceValue,
} from './define-resource';
export type { Completer, RegisterOffersOptions } from './offer-definition';
export { getPageOffers, PAGE_OFFERS_KEY, OFFERS_CHANGE_EVENT, RESOURCE_UPDATED_EVENT } from './page-offers';
export type {
  CompletionContext,
  OfferCompleter,
  OfferContext,
  OfferedPrompt,
  OfferedResource,
  OfferedResourceInfo,
  OfferedResourceTemplate,
  PageOffers,
  PromptArgument,
  PromptMessage,
  PromptResult,
  ResourceContents,
} from './page-offers';

// Validation used on every call path, for callers that want the same checks.
export { compileInputValidator, formatValidationErrors } from './input-validator';
export type { InputValidator } from './input-validator';

export { WebMCPKitError, isWebMCPKitError } from './errors';
export type { WebMCPKitErrorCode } from './errors';
export type { StandardSchema, StandardIssue, StandardResult, InferOutput } from './standard-schema';
export type {
  LegacyToolRegistration,
  ModelContext,
  ModelContextExecuteToolOptions,
  ModelContextGetToolOptions,
  ModelContextOptions,
  ModelContextRegisterToolOptions,
  ModelContextTool,
  NavigatorModelContext,
  RegisteredTool,
  ToolAnnotations,
  ToolClient,
  ToolElicitRequest,
  ToolElicitResult,
  ToolExecuteCallback,
  ToolExecuteOptions,
  ToolInteractionDetail,
  ToolLogLevel,
  ToolCancelHook,
  ToolNotify,
  ToolSampleRequest,
  ToolSampleResult,
} from './types';
// Key under which an `executeTool` caller (the bridge connector) receives progress and logs.
export { TOOL_CANCEL, TOOL_NOTIFY } from './types';
