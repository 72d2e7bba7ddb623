import { RequireScopes } from '@crm/platform/auth/auth.decorators';
import { Body, Controller, Post } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { createTestApp, type TestApp } from '../testing/create-test-app';

class NoteDto {
  @ApiProperty()
  @IsString()
  text!: string;
}

@ApiTags('events')
@Controller('test-docs')
class DocsFixtureController {
  @Post('notes')
  @RequireScopes('events:write')
  add(@Body() note: NoteDto): NoteDto {
    return note;
  }
}

interface Operation {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  tags?: string[];
  [extension: string]: unknown;
}

describe('OpenAPI', () => {
  let t: TestApp;
  let document: {
    openapi: string;
    security: Record<string, string[]>[];
    components: { securitySchemes: Record<string, unknown>; schemas: Record<string, { properties?: object }> };
    paths: Record<string, Record<string, Operation>>;
    tags: { name: string }[];
  };
  beforeAll(async () => {
    t = await createTestApp({ controllers: [DocsFixtureController] });
    const res = await t.app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    document = res.json();
  });
  afterAll(() => t.close());

  it('given /docs-json, then it declares both API-key schemes and requires either of them by default', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    });
    expect(document.security).toEqual([{ bearer: [] }, { 'api-key': [] }]);
  });

  it('given public routes, then their operations need no security', () => {
    for (const [path, method] of [
      ['/health', 'get'],
      ['/health/ready', 'get'],
    ] as const) {
      const operation = document.paths[path]?.[method];
      expect({ path, security: operation?.security }).toEqual({ path, security: [] });
      expect(operation).not.toHaveProperty('x-crm-public');
    }
  });

  it('given a scoped route, then it documents 401, 403 (with the scope) and Problem Details responses', () => {
    const operation = document.paths['/test-docs/notes']?.post;
    expect(operation?.security).toBeUndefined();
    expect(operation?.['x-crm-required-scopes']).toEqual(['events:write']);
    expect(operation?.tags).toEqual(['events']);
    for (const status of ['401', '403', 'default'])
      expect(operation?.responses[status]?.content?.['application/problem+json']?.schema).toEqual({
        $ref: '#/components/schemas/ProblemDetails',
      });
  });

  it('given the components, then ProblemDetails is a schema with the RFC 9457 members and errors[]', () => {
    expect(document.components.schemas.ProblemDetails?.properties).toEqual(
      expect.objectContaining({
        type: expect.any(Object),
        title: expect.any(Object),
        status: expect.any(Object),
        detail: expect.any(Object),
        instance: expect.any(Object),
        errors: expect.any(Object),
        correlationId: expect.any(Object),
      }),
    );
  });

  it('given the tags, then ops and events are described', () => {
    expect(document.tags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['ops', 'events']));
  });

  it('given /docs, then the Swagger UI page and its assets are served without a key', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    const init = await t.app.inject({ method: 'GET', url: '/docs/swagger-ui-init.js' });
    expect(init.statusCode).toBe(200);
    const bundle = await t.app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
