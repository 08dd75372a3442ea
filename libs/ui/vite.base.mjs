// Every agency UI is built the same way (plain JS: Vite loads each config's imports from
// node_modules natively, without compiling them).
import react from '@vitejs/plugin-react';
import { basename } from 'node:path';
import { defineConfig } from 'vite';

/** Where `npm start` serves each agency's API, for `vite` (dev server) to proxy to. */
const SERVICE_PORTS = { schools: 3101, municipality: 3102, police: 3103, health: 3104, court: 3105 };

/**
 * Served by its own service at /ui/, same origin as its API. In development `vite` (port + 100)
 * proxies everything but the UI itself to that service.
 * @param {string} dir the UI's folder, apps/<agency>-ui
 */
export function uiConfig(dir) {
  const agency = basename(dir).replace(/-ui$/, '');
  const port = SERVICE_PORTS[agency] ?? 3100;
  return defineConfig({
    root: dir,
    base: '/ui/',
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2048, sourcemap: false },
    server: { port: port + 100, proxy: { '^/(?!ui(/|$)).*': { target: `http://127.0.0.1:${port}` } } },
  });
}
