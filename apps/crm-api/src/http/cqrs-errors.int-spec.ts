import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { problem } from '@crm/platform/http/problems';
import { Controller, Param, Post } from '@nestjs/common';
import {
  Command,
  CommandBus,
  CommandHandler,
  Query,
  QueryBus,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

type Outcome = 'ok' | 'problem' | 'store-error' | 'crash' | 'reject-later';

class RunThrowaway extends Command<{ tenantId: string; correlationId: string }> {
  constructor(
    readonly outcome: Outcome,
    readonly tenantId: string,
    readonly correlationId: string,
  ) {
    super();
  }
}

@CommandHandler(RunThrowaway)
class RunThrowawayHandler implements ICommandHandler<RunThrowaway> {
  async execute(command: RunThrowaway): Promise<{ tenantId: string; correlationId: string }> {
    switch (command.outcome) {
      case 'ok':
        return { tenantId: command.tenantId, correlationId: command.correlationId };
      case 'problem':
        throw problem('not-found', 'Opportunity "o-404" was not found.');
      case 'store-error':
        throw new WrongExpectedVersion(`${command.tenantId}/opportunity-o-1`, 2, 5);
      case 'crash':
        throw new TypeError("Cannot read properties of undefined (reading 'stage')");
      case 'reject-later':
        await new Promise((resolve) => setImmediate(resolve));
        throw problem('validation-failed', 'Stage not allowed', {
          errors: [{ pointer: '/toStage', detail: 'not allowed' }],
        });
    }
  }
}

class FindThrowaway extends Query<never> {}

@QueryHandler(FindThrowaway)
class FindThrowawayHandler implements IQueryHandler<FindThrowaway> {
  execute(): Promise<never> {
    return Promise.reject(problem('not-caught-up', 'Projection behind', { headers: { 'retry-after': '1' } }));
  }
}

@Controller('test-cqrs')
class CqrsFixtureController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('commands/:outcome')
  run(@Param('outcome') outcome: Outcome, @CurrentAuth() auth: AuthContext, @CorrelationId() correlationId: string) {
    return this.commands.execute(new RunThrowaway(outcome, auth.tenantId, correlationId));
  }

  @Post('queries')
  find(): Promise<never> {
    return this.queries.execute(new FindThrowaway());
  }
}

describe('CommandBus / QueryBus handler errors reach the client as problems', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      controllers: [CqrsFixtureController],
      providers: [RunThrowawayHandler, FindThrowawayHandler],
    });
  });
  afterAll(() => t.close());

  const command = (outcome: Outcome, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/test-cqrs/commands/${outcome}`,
      headers: { ...bearer(t.keys.acme), ...headers },
    });

  it('given a handler that succeeds, when dispatched, then its result, with tenant and correlation id passed in', async () => {
    const res = await command('ok', { 'x-correlation-id': 'cmd-42' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ tenantId: 'acme', correlationId: 'cmd-42' });
  });

  it('given a handler that throws a ProblemException, then the client gets that problem', async () => {
    const res = await command('problem');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ type: '/problems/not-found', detail: 'Opportunity "o-404" was not found.' });
  });

  it('given a handler that rejects asynchronously, then the client gets its problem with field pointers', async () => {
    const res = await command('reject-later');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ errors: [{ pointer: '/toStage', detail: 'not allowed' }] });
  });

  it('given a handler that throws an EventStoreError, then it is mapped by its code (409)', async () => {
    const res = await command('store-error');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ type: '/problems/wrong-expected-version', actualVersion: 5 });
  });

  it('given a handler that crashes, then 500 internal (not a hang, no internals)', async () => {
    const res = await command('crash');
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: '/problems/internal' });
    expect(res.body).not.toContain('stage');
  });

  it('given a query handler that rejects, then its problem and headers reach the client', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/test-cqrs/queries', headers: bearer(t.keys.acme) });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ type: '/problems/not-caught-up' });
  });
});
