/**
 * @module
 * Pages reached over the DevTools Protocol: follows every page target of a browser as it opens,
 * navigates and closes, and hands each document of an allowed origin to the bridge as a page that
 * speaks the connector's frames (through `Runtime.addBinding` one way, `Runtime.callFunctionOn`
 * the other), so its tools are exposed exactly like a connector page's.
 */
import { randomBytes } from 'node:crypto';
import type { Bridge } from '../bridge';
import type { Logger } from '../log';
import { CarriedPageChannel } from '../page-channel';
import { createOriginCheck } from '../security';
import type { CdpConnection, CdpEvent } from './cdp-connection';
import { pageAgent } from './page-agent';


/** What the page agent says, in place of a first frame, about a loaded page without WebMCP. */
const NO_MODEL_CONTEXT = '"no-model-context"';
/** Options for {@link createCdpPageSource}. */
export interface CdpPageSourceOptions {
  /** The bridge the pages join. */
  bridge: Pick<Bridge, 'attachPage'>;
  /** An open browser connection (`connectCdp()`). */
  connection: CdpConnection;
  /** Page origins whose tools are exposed: exact origins or `scheme://host:*`. Required, never empty. */
  allowOrigins: readonly string[];
  /** Script run first in every allowed document without native WebMCP (the webmcp polyfill IIFE). */
  polyfill?: string;
  /** Where to log. */
  log?: Logger;
}

/** A running DevTools page source, returned by {@link createCdpPageSource}. */
export interface CdpPageSource {
  /** Resolves once every page open at start is attached. */
  readonly ready: Promise<void>;
  /** Resolves with the session of a page target once it is attached and instrumented. */
  attached(targetId: string): Promise<string>;
  /** Detaches from every page (their bridge pages close) and stops following targets. */
  close(): void;
}

const AGENT_SOURCE = pageAgent.toString();

interface Document {
  sessionId: string;
  origin: string;
  receiver: Promise<string | undefined>;
  channel?: CarriedPageChannel;
}

/** A RegExp source matching the same origins as `createOriginCheck(patterns)`, for in-page use. */
function originPattern(patterns: readonly string[]): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return `^(?:${patterns.map((p) => (p.endsWith(':*') ? `${escape(p.slice(0, -2).toLowerCase())}(?::\\d+)?` : escape(p.toLowerCase().replace(/\/$/, '')))).join('|')})$`;
}

/**
 * Follows the page targets of a browser over `connection` and exposes the WebMCP tools of each
 * document whose origin is in `allowOrigins` through `bridge`. Other pages are never touched.
 */
export function createCdpPageSource(options: CdpPageSourceOptions): CdpPageSource {
  const { connection, bridge, log = () => {} } = options;
  if (!options.allowOrigins.length) throw new TypeError('createCdpPageSource(): allowOrigins must list at least one origin');
  const allowed = createOriginCheck(options.allowOrigins);
  const binding = `__webmcpBridge_${randomBytes(12).toString('hex')}`;
  /** Page sessions → target id. */
  const sessions = new Map<string, string>();
  /** `${sessionId}/${executionContextId}` of each allowed main-world document. */
  const documents = new Map<string, Document>();
  let closed = false;

  const allowedHere = `new RegExp(${JSON.stringify(originPattern(options.allowOrigins))}).test(location.origin)`;
  const polyfill = options.polyfill ? `if (${allowedHere} && !('modelContext' in document)) {\n${options.polyfill}\n}` : undefined;
  const agent = (target: string) => `(${AGENT_SOURCE})(${JSON.stringify(binding)}, ${JSON.stringify(target)})`;
  /** Runs in every new top-level document of an allowed origin before its own scripts, so they never see the binding. */
  const bootstrap = (target: string) => `${polyfill ? `${polyfill};\n` : ''}if (window === window.top && ${allowedHere}) ${agent(target)};`;

  const forget = (key: string) => {
    const doc = documents.get(key);
    if (!doc) return;
    documents.delete(key);
    doc.channel?.close();
  };
  const forgetSession = (sessionId: string) => {
    sessions.delete(sessionId);
    for (const [key, doc] of documents) if (doc.sessionId === sessionId) forget(key);
  };

  const inject = (sessionId: string, contextId: number, origin: string) => {
    const target = sessions.get(sessionId)!;
    const key = `${sessionId}/${contextId}`;
    // Returns the agent installed at document start, or installs it in a page open before we attached.
    const expression = `${polyfill ? `${polyfill};\n` : ''}${agent(target)}`;
    const receiver = connection
      .send('Runtime.evaluate', { expression, contextId, returnByValue: false, silent: true }, sessionId)
      .then((r) => {
        const result = r.result as { objectId?: string } | undefined;
        if (r.exceptionDetails || !result?.objectId) {
          log({ level: 'warn', msg: 'could not start the WebMCP agent in a page', origin, error: JSON.stringify(r.exceptionDetails ?? null).slice(0, 500) });
          return undefined;
        }
        return result.objectId;
      })
      .catch(() => undefined);
    documents.set(key, { sessionId, origin, receiver });
  };

  const onBinding = (sessionId: string, params: Record<string, unknown>) => {
    if (params.name !== binding) return;
    const key = `${sessionId}/${String(params.executionContextId)}`;
    const doc = documents.get(key);
    if (!doc || typeof params.payload !== 'string') return;
    if (!doc.channel && params.payload === NO_MODEL_CONTEXT) {
      log({ level: 'warn', msg: 'allowed page has no document.modelContext: nothing to expose (launch Chromium with WebMCP, or run with --polyfill)', origin: doc.origin });
      return;
    }
    if (!doc.channel) {
      // The document's channel: frames in through the binding, out through its receiver.
      const channel: CarriedPageChannel = new CarriedPageChannel(
        (frame) => {
          void doc.receiver.then((objectId) => {
            if (!objectId || !channel.open) return;
            connection
              .send('Runtime.callFunctionOn', { objectId, functionDeclaration: 'function (f) { this(f); }', arguments: [{ value: frame }] }, sessionId)
              .catch(() => {});
          });
        },
        // The bridge closing this page (e.g. no hello in time, a frame over a bound) stops listening to the document.
        () => {
          if (documents.get(key)?.channel === channel) documents.delete(key);
        },
      );
      doc.channel = channel;
      channel.endpoint = bridge.attachPage(channel, doc.origin);
    }
    doc.channel.receive(params.payload);
  };

  const attachedTargets = new Map<string, { promise: Promise<string>; resolve(sessionId: string): void }>();
  const attachedTarget = (targetId: string) => {
    let entry = attachedTargets.get(targetId);
    if (!entry) {
      let resolve!: (sessionId: string) => void;
      const promise = new Promise<string>((r) => (resolve = r));
      entry = { promise, resolve };
      attachedTargets.set(targetId, entry);
    }
    return entry;
  };

  const attach = async (sessionId: string, targetId: string, waiting: boolean) => {
    sessions.set(sessionId, targetId);
    try {
      await connection.send('Runtime.addBinding', { name: binding }, sessionId);
      // Scripts to evaluate on new documents only run while the Page domain is enabled.
      await connection.send('Page.enable', {}, sessionId);
      await connection.send('Page.addScriptToEvaluateOnNewDocument', { source: bootstrap(targetId) }, sessionId);
      await connection.send('Runtime.enable', {}, sessionId);
    } catch (e) {
      log({ level: 'debug', msg: 'could not attach to a page target', target: targetId, error: (e as Error).message });
    }
    if (waiting) await connection.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => {});
    attachedTarget(targetId).resolve(sessionId);
  };

  const pendingAttaches: Array<Promise<void>> = [];
  const onEvent = ({ method, params, sessionId }: CdpEvent) => {
    if (closed) return;
    switch (method) {
      case 'Target.attachedToTarget': {
        const info = params.targetInfo as { targetId: string; type: string };
        const sid = params.sessionId as string;
        if (info.type !== 'page') {
          void connection.send('Runtime.runIfWaitingForDebugger', {}, sid).catch(() => {});
          return;
        }
        pendingAttaches.push(attach(sid, info.targetId, params.waitingForDebugger === true));
        return;
      }
      case 'Target.detachedFromTarget':
        attachedTargets.delete(sessions.get(params.sessionId as string) ?? '');
        return forgetSession(params.sessionId as string);
      case 'Runtime.executionContextCreated': {
        const context = params.context as { id: number; origin: string; auxData?: { isDefault?: boolean; frameId?: string } };
        // Only the top document's main world: frames and extension worlds are someone else's.
        if (!sessions.has(sessionId) || context.auxData?.isDefault !== true || context.auxData.frameId !== sessions.get(sessionId)) return;
        if (!allowed(context.origin)) {
          log({ level: 'debug', msg: 'page origin not allowed (--allow-origin); not exposed', origin: context.origin });
          return;
        }
        return inject(sessionId, context.id, context.origin);
      }
      case 'Runtime.executionContextDestroyed':
        return forget(`${sessionId}/${String(params.executionContextId)}`);
      case 'Runtime.executionContextsCleared':
        for (const [key, doc] of documents) if (doc.sessionId === sessionId) forget(key);
        return;
      case 'Runtime.bindingCalled':
        return onBinding(sessionId, params);
    }
  };
  const onClose = () => {
    for (const sid of [...sessions.keys()]) forgetSession(sid);
  };
  connection.on('event', onEvent);
  connection.once('close', onClose);

  const ready = (async () => {
    await connection.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true, filter: [{ type: 'page' }] });
    await Promise.all(pendingAttaches);
  })();
  ready.catch(() => {});

  return {
    ready,
    attached: (targetId) => attachedTarget(targetId).promise,
    close() {
      if (closed) return;
      closed = true;
      connection.off('event', onEvent);
      connection.off('close', onClose);
      for (const sid of [...sessions.keys()]) {
        void connection.send('Target.detachFromTarget', { sessionId: sid }).catch(() => {});
        forgetSession(sid);
      }
    },
  };
}
