// The whole WebMCP setup of this app: the plugin starts a bridge in `vite dev` and wires the page.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { webmcp } from '@webmcp-kit/vite';

export default defineConfig({
  plugins: [react(), webmcp()],
});
