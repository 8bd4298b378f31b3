// Values the root vite.config.ts provides to every test (`inject('webmcpMode')`).
import 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    /** 'native' in the browser project that launches Chromium with native WebMCP. */
    webmcpMode: 'polyfill' | 'native';
  }
}
