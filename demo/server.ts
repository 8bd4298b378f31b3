/** @module Programmatic entry of the demo: `startDemo()` runs the storefront, bridge and sandbox proxy. */
export { startDemo } from './src/server/start-demo';
export type { Demo, StartDemoOptions } from './src/server/start-demo';
export { banner } from './src/server/cli-banner';
