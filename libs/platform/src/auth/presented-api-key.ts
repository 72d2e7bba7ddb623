/**
 * Where a caller puts its key: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. Pure, so the
 * guard's 401 reasons are unit-tested without HTTP.
 */
export type PresentedApiKey =
  { kind: 'key'; key: string } | { kind: 'missing' } | { kind: 'malformed'; reason: string };

type HeaderValue = string | readonly string[] | undefined;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export const presentedApiKey = (headers: Readonly<Record<string, HeaderValue>>): PresentedApiKey => {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (Array.isArray(apiKey)) return { kind: 'malformed', reason: 'X-Api-Key must be sent once' };

  let fromAuthorization: string | undefined;
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    const match = BEARER.exec(authorization.trim());
    if (!match?.[1]) return { kind: 'malformed', reason: "Authorization must be 'Bearer <api key>'" };
    fromAuthorization = match[1];
  }
  const fromHeader = typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;

  if (fromAuthorization !== undefined && fromHeader !== undefined && fromAuthorization !== fromHeader)
    return { kind: 'malformed', reason: 'Authorization and X-Api-Key hold different keys' };
  const key = fromAuthorization ?? fromHeader;
  return key === undefined ? { kind: 'missing' } : { kind: 'key', key };
};
