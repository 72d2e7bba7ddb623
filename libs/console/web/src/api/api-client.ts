import { forgetApiKey, storedApiKey } from './session';

/** RFC 9457 Problem Details, as every error of the API comes. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

/** No answer at all (the API is down, the network unreachable): fetch itself failed. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The API did not answer: it may be down or the network unreachable.', { cause });
    this.name = 'NetworkError';
  }
}

/** Listeners told when the key stopped working (401): the app goes back to the sign-in form. */
const signedOut = new Set<() => void>();
export const onSignedOut = (listener: () => void): (() => void) => {
  signedOut.add(listener);
  return () => signedOut.delete(listener);
};

const request = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, key = storedApiKey()): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(body !== undefined && { body: JSON.stringify(body) }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (caught) {
    throw new NetworkError(caught);
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    // A proxy's HTML error page: keep the status, there is no problem document.
  }
  if (!response.ok) {
    if (response.status === 401 && key === storedApiKey()) {
      forgetApiKey();
      for (const listener of signedOut) listener();
    }
    throw new ApiError(response.status, parsed as Problem | null);
  }
  return parsed as T;
};

export const apiGet = <T>(path: string, key?: string): Promise<T> => request<T>('GET', path, undefined, key);

export const apiPost = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);

/** `query({ a: 1, b: undefined })` → `?a=1`: undefined values are left out. */
export const query = (params: Record<string, string | number | boolean | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
};

export const segment = (id: string): string => encodeURIComponent(id);
