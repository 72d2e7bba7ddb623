import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, PublicRoute, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE } from '@crm/platform/http/problem-details';
import { Controller, Get, Post } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

@Controller('test-auth')
class AuthFixtureController {
  @Post('write')
  @RequireScopes('events:write')
  write(@CurrentAuth() auth: AuthContext): AuthContext {
    return auth;
  }

  @Get('ops')
  @RequireScopes('ops', 'read')
  ops(): { ok: true } {
    return { ok: true };
  }

  @Get('public')
  @PublicRoute()
  open(): { ok: true } {
    return { ok: true };
  }
}

@Controller('test-auth-read')
@RequireScopes('read')
class ReadScopedController {
  @Get()
  read(@CurrentAuth() auth: AuthContext): AuthContext {
    return auth;
  }

  @Post('and-write')
  @RequireScopes('events:write')
  readAndWrite(): { ok: true } {
    return { ok: true };
  }
}

const keyIdOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 12);

describe('API keys and scopes (global guard)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [AuthFixtureController, ReadScopedController] });
  });
  afterAll(() => t.close());

  const expectUnauthorized = (res: Awaited<ReturnType<TestApp['app']['inject']>>, detail: string | RegExp): void => {
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="crm-api"');
    expect(res.json()).toMatchObject({
      type: '/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
      detail: expect.stringMatching(detail),
    });
  };

  describe('401', () => {
    it('given no key, when calling a protected route, then 401 unauthorized with WWW-Authenticate', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/whoami' });
      expectUnauthorized(res, /API key is required/);
    });

    it('given an unknown key, when calling, then 401', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: bearer('not-a-configured-key-000000'),
      });
      expectUnauthorized(res, /Unknown API key/);
    });

    it.each([
      ['Basic scheme', { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` }],
      ['Bearer without a key', { authorization: 'Bearer' }],
      ['Bearer with two tokens', { authorization: 'Bearer a b' }],
      [
        'different keys in both headers',
        { authorization: 'Bearer test-acme-all-scopes-0000000001', 'x-api-key': 'other-key-000000000000' },
      ],
    ])('given a malformed header (%s), when calling, then 401', async (_, headers) => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/whoami', headers });
      expectUnauthorized(res, /Authorization|X-Api-Key/);
    });

    it('given a valid key in a different case, when calling, then 401 (keys are case-sensitive)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(t.keys.acme.toUpperCase()) });
      expectUnauthorized(res, /Unknown API key/);
    });
  });

  describe('authenticated', () => {
    it('given a Bearer key, when calling whoami, then its tenant, key id and scopes', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(t.keys.globex) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        tenantId: 'globex',
        keyId: keyIdOf(t.keys.globex),
        scopes: ['events:write', 'read', 'ops'],
      });
    });

    it('given an X-Api-Key header, when calling, then the key is accepted', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: { 'x-api-key': t.keys.acmeReadOnly },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ tenantId: 'acme', scopes: ['read'] });
    });

    it('given the same key in both headers, when calling, then it is accepted', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: { ...bearer(t.keys.acme), 'x-api-key': t.keys.acme },
      });
      expect(res.statusCode).toBe(200);
    });

    it('given a lowercase bearer scheme, when calling, then it is accepted (schemes are case-insensitive)', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v1/whoami',
        headers: { authorization: `bearer ${t.keys.acme}` },
      });
      expect(res.statusCode).toBe(200);
    });

    it('given the guard, when a handler reads @CurrentAuth, then it gets the key’s AuthContext', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/test-auth/write',
        headers: bearer(t.keys.acmeWriteOnly),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ tenantId: 'acme', keyId: keyIdOf(t.keys.acmeWriteOnly), scopes: ['events:write'] });
    });
  });

  describe('403', () => {
    it('given a read-only key, when calling a route that needs events:write, then 403 naming the scope', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/test-auth/write', headers: bearer(t.keys.acmeReadOnly) });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(res.json()).toMatchObject({
        type: '/problems/forbidden',
        title: 'Forbidden',
        status: 403,
        detail: expect.stringContaining('events:write'),
        missingScopes: ['events:write'],
      });
    });

    it('given a write-only key, when a route needs ops and read, then 403 naming both', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/test-auth/ops', headers: bearer(t.keys.acmeWriteOnly) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ missingScopes: ['ops', 'read'] });
    });

    it('given scopes on the controller and the handler, when calling, then both are required', async () => {
      const readOnly = await t.app.inject({
        method: 'POST',
        url: '/test-auth-read/and-write',
        headers: bearer(t.keys.acmeReadOnly),
      });
      const writeOnly = await t.app.inject({
        method: 'POST',
        url: '/test-auth-read/and-write',
        headers: bearer(t.keys.acmeWriteOnly),
      });
      const both = await t.app.inject({
        method: 'POST',
        url: '/test-auth-read/and-write',
        headers: bearer(t.keys.acme),
      });
      expect([readOnly.statusCode, writeOnly.statusCode, both.statusCode]).toEqual([403, 403, 201]);
      expect(readOnly.json()).toMatchObject({ missingScopes: ['events:write'] });
      expect(writeOnly.json()).toMatchObject({ missingScopes: ['read'] });
    });
  });

  describe('public routes', () => {
    it.each(['/health', '/health/ready', '/docs-json', '/docs', '/test-auth/public'])(
      'given no key, when GET %s, then it answers 200',
      async (url) => {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(200);
      },
    );
  });
});
