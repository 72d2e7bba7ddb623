import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultConsoleAssetsDir, registerConsoleAssets } from './console-assets';

// Static serving of the built console on a real Fastify instance and real files.

describe('console assets', () => {
  let dir: string;
  const serve = async (assetsDir: string): Promise<FastifyInstance> => {
    const fastify = Fastify();
    registerConsoleAssets(fastify, assetsDir);
    await fastify.ready();
    return fastify;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'crm-console-assets-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>CRM console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given a built console, then /console redirects, index.html is revalidated and hashed assets cached, all under a strict CSP', async () => {
    const fastify = await serve(dir);
    try {
      const bare = await fastify.inject({ url: '/console' });
      expect(bare).toMatchObject({ statusCode: 302, headers: { location: '/console/' } });
      const index = await fastify.inject({ url: '/console/' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('CRM console');
      expect(index.headers).toMatchObject({
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
        'content-security-policy': expect.stringContaining("script-src 'self'"),
      });
      const asset = await fastify.inject({ url: '/console/assets/index-abc123.js' });
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await fastify.inject({ url: '/console/../package.json' })).statusCode).not.toBe(200);
    } finally {
      await fastify.close();
    }
  });

  it('given no build, then a 503 page that says how to build it', async () => {
    const fastify = await serve(join(dir, 'missing'));
    try {
      const res = await fastify.inject({ url: '/console/' });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
    } finally {
      await fastify.close();
    }
  });

  it('given the sources or the build, then the default folder is the repository’s dist/console', () => {
    expect(defaultConsoleAssetsDir(join(__dirname))).toBe(join(__dirname, '..', '..', '..', '..', 'dist', 'console'));
    expect(
      defaultConsoleAssetsDir(join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'console', 'src', 'static')),
    ).toBe(join(__dirname, '..', '..', '..', '..', 'dist', 'console'));
  });
});
