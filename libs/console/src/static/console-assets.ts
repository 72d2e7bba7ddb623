import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where the console is served; the front end is built with this base (libs/console/web/vite.config.mjs). */
export const CONSOLE_PATH = '/console';

/**
 * The API key lives in sessionStorage, so no script but ours may ever run on these pages: scripts, styles
 * and requests only from this origin, no inline code, never framed.
 */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** `<repo>/dist/console`, from the sources (tests) and from the build (dist/libs/…) alike. */
export const defaultConsoleAssetsDir = (from: string = __dirname): string => {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'console');
    if (dirname(dir) === dir) return join(process.cwd(), 'dist', 'console');
  }
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CRM console</title></head>
<body><main><h1>The console is not built</h1><p>Run <code>npm run build</code> (which <code>npm start</code>
runs) to build it into dist/console, then reload.</p></main></body></html>`;

const secure = (reply: FastifyReply): FastifyReply => reply.headers(CONSOLE_SECURITY_HEADERS);

/**
 * Serves the built console under /console with @fastify/static: index.html is revalidated on every load
 * (it names the current bundle), the content-hashed assets are cached for a year. The files hold no data
 * and need no key; every API call the console makes carries the user's key like any other client's.
 */
export const registerConsoleAssets = (fastify: FastifyInstance, assetsDir: string): void => {
  fastify.get(CONSOLE_PATH, (_request, reply) => secure(reply).redirect(`${CONSOLE_PATH}/`, 302));
  if (!existsSync(join(assetsDir, 'index.html'))) {
    const notBuilt = (_request: unknown, reply: FastifyReply) =>
      secure(reply).code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    fastify.get(`${CONSOLE_PATH}/`, notBuilt);
    fastify.get(`${CONSOLE_PATH}/*`, notBuilt);
    return;
  }
  const hashedAssets = join(assetsDir, 'assets') + sep;
  void fastify.register(fastifyStatic, {
    root: assetsDir,
    prefix: `${CONSOLE_PATH}/`,
    // Swagger UI registers the plugin too; neither needs reply.sendFile.
    decorateReply: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.headers(CONSOLE_SECURITY_HEADERS);
      reply.header('cache-control', path.startsWith(hashedAssets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
