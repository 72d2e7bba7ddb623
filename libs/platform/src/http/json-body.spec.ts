import { jsonBodyProblem } from './json-body';

const fastifyError = (code: string) => Object.assign(new Error(code), { code, statusCode: 400 });

describe('jsonBodyProblem', () => {
  it('given broken JSON, then 400 malformed-request with the position, not the input', () => {
    const result = jsonBodyProblem(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY'), '{"secret": "hunter2",');
    expect(result).toMatchObject({ status: 400, code: 'malformed-request' });
    expect(result.detail).toMatch(/^The body is not valid JSON/);
    expect(result.detail).not.toContain('hunter2');
  });

  it('given valid JSON the secure parser refused, then the detail names the forbidden key', () =>
    expect(
      jsonBodyProblem(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY'), '{"__proto__": {"admin": true}}').detail,
    ).toContain('forbidden key'));

  it('given an empty body, then it says so', () =>
    expect(jsonBodyProblem(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY'), '').detail).toContain('empty'));
});
