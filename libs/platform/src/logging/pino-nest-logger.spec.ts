import { PinoNestLogger, type LineLogger } from './pino-nest-logger';

const recordingLogger = () => {
  const calls: { level: string; fields: object; message?: string }[] = [];
  const at =
    (level: string) =>
    (fields: object, message?: string): void =>
      void calls.push({ level, fields, message });
  const logger: LineLogger = {
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
  return { logger, calls };
};

describe('PinoNestLogger', () => {
  it('given log(message, context), then an info line with the context', () => {
    const { logger, calls } = recordingLogger();
    new PinoNestLogger(logger).log('Listening on http://127.0.0.1:3000', 'crm-api');
    expect(calls).toEqual([
      { level: 'info', fields: { context: 'crm-api' }, message: 'Listening on http://127.0.0.1:3000' },
    ]);
  });

  it('given error(message, stack, context), then an error line with the stack', () => {
    const { logger, calls } = recordingLogger();
    new PinoNestLogger(logger).error('failed', 'Error: failed\n    at x.ts:1', 'ExceptionsHandler');
    expect(calls).toEqual([
      {
        level: 'error',
        fields: { context: 'ExceptionsHandler', stack: 'Error: failed\n    at x.ts:1' },
        message: 'failed',
      },
    ]);
  });

  it('given an object message, then its fields are merged and msg becomes the message', () => {
    const { logger, calls } = recordingLogger();
    new PinoNestLogger(logger).warn({ msg: 'slow append', ms: 900 }, 'Store');
    expect(calls).toEqual([{ level: 'warn', fields: { context: 'Store', ms: 900 }, message: 'slow append' }]);
  });

  it('given an Error message, then it is logged as err', () => {
    const { logger, calls } = recordingLogger();
    const error = new Error('boom');
    new PinoNestLogger(logger).error(error);
    expect(calls).toEqual([{ level: 'error', fields: { err: error }, message: 'boom' }]);
  });

  it('given verbose and debug, then trace and debug lines', () => {
    const { logger, calls } = recordingLogger();
    const nest = new PinoNestLogger(logger);
    nest.verbose('v');
    nest.debug('d');
    expect(calls.map((c) => c.level)).toEqual(['trace', 'debug']);
  });
});
