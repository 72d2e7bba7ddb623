import type { ProblemException } from './problem-details';
import { problem } from './problems';

/**
 * Why Fastify's JSON parser refused a body, as a 400 problem. Fastify reports broken JSON and
 * prototype-poisoning keys (`__proto__`, `constructor.prototype`) with the same error, so on that
 * error path the body is parsed again with plain JSON.parse: if that succeeds, the JSON was valid and
 * the secure parser refused a forbidden key. The parser's own message is not passed on: V8 quotes the
 * input in it.
 */
export const jsonBodyProblem = (error: Error, body: string): ProblemException => {
  if ((error as { code?: unknown }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
    return problem('malformed-request', 'The body is empty, but Content-Type says application/json.');
  try {
    JSON.parse(body);
  } catch (syntaxError) {
    const position = /at position (\d+)/.exec((syntaxError as Error).message)?.[1];
    return problem('malformed-request', `The body is not valid JSON${position ? ` (at position ${position})` : ''}.`);
  }
  return problem(
    'malformed-request',
    'The body holds a forbidden key (__proto__ or constructor.prototype): it could poison object prototypes.',
  );
};
