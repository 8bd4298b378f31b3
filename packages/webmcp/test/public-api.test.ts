/** The root entry's public surface, and that importing it has no side effects (it even loads in Node). */
import { describe, expect, it } from 'vitest';

describe('@webmcp-kit/webmcp root entry', () => {
  it('exports exactly these names', async () => {
    const api = await import('../src/index');
    expect(Object.keys(api).sort()).toEqual([
      'FORM_ACTIVE_ATTRIBUTE',
      'MCP_APP_MIME_TYPE',
      'OFFERS_CHANGE_EVENT',
      'PAGE_OFFERS_KEY',
      'RESOURCE_UPDATED_EVENT',
      'SUBMIT_ACTIVE_ATTRIBUTE',
      'TOOL_CANCEL',
      'TOOL_EXTENSIONS_KEY',
      'TOOL_INTERACTION_END',
      'TOOL_INTERACTION_START',
      'TOOL_NOTIFY',
      'ToolActivatedEvent',
      'ToolCancelEvent',
      'WebMCPKitError',
      'compileInputValidator',
      'definePrompt',
      'defineResource',
      'defineResourceTemplate',
      'defineTool',
      'formInputSchema',
      'formatValidationErrors',
      'getInstallation',
      'getPageOffers',
      'getToolExtensions',
      'installDeclarativeForms',
      'installModelContext',
      'isNativeModelContext',
      'isWebMCPKitError',
      'notifyResourceUpdated',
      'registerPrompts',
      'registerResources',
      'registerTools',
      'requestConfirmation',
      'setConfirmationHandler',
    ]);
  });

  it('keeps the Lit controller in its own entry', async () => {
    const lit = await import('../src/lit-entry');
    expect(Object.keys(lit)).toEqual(['ToolController']);
    expect(Object.keys(await import('../src/index'))).not.toContain('ToolController');
  });

  it('installs nothing on import', async () => {
    const before = Object.getOwnPropertySymbols(globalThis).length;
    await import('../src/index');
    expect(Object.getOwnPropertySymbols(globalThis).length).toBe(before);
    expect('ModelContext' in globalThis).toBe(false);
  });

  it('brands its error class across copies of the package', async () => {
    const { WebMCPKitError, isWebMCPKitError } = await import('../src/index');
    const error = new WebMCPKitError('WEBMCP_KIT_INVALID_DEFINITION', 'bad');
    expect(isWebMCPKitError(error)).toBe(true);
    expect(isWebMCPKitError(Object.assign(new Error('x'), { code: 'WEBMCP_KIT_INVALID_DEFINITION' }))).toBe(false);
    expect(error).toMatchObject({ name: 'WebMCPKitError', code: 'WEBMCP_KIT_INVALID_DEFINITION', message: 'bad' });
  });
});
