// Builds the web console (libs/console/web) into dist/console, which crm-api serves under /console.
// `npm run build` runs it; `npm run console:dev` serves it with hot reload and proxies the API to :3000.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

export default defineConfig({
  root: here,
  base: '/console/',
  // No public/ folder and no .env files: everything the console shows comes from the API.
  publicDir: false,
  envDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(repoRoot, 'dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // No inline <script> or data: module: the console's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    port: Number(process.env.CONSOLE_DEV_PORT ?? 5173),
    host: '127.0.0.1',
    proxy: { '/v1': `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
