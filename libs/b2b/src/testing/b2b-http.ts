import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Small HTTP helpers for B2B integration tests against the real app (`createTestApp`). */
export interface B2bClient {
  post(
    url: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  patch(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  get<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }>;
  /** GET that waits for the read model to reach the last position this client wrote. */
  read<T = Record<string, unknown>>(url: string): Promise<T>;
  lastPosition: number;
}

export const b2bClient = (app: NestFastifyApplication, key: string): B2bClient => {
  const authorization = `Bearer ${key}`;
  const client: B2bClient = {
    lastPosition: 0,
    async post(url, body, headers = {}) {
      const res = await app.inject({
        method: 'POST',
        url,
        headers: { authorization, ...headers },
        payload: body as object,
      });
      const parsed = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
      if (typeof parsed.position === 'number') client.lastPosition = Math.max(client.lastPosition, parsed.position);
      return { status: res.statusCode, body: parsed };
    },
    async patch(url, body) {
      const res = await app.inject({ method: 'PATCH', url, headers: { authorization }, payload: body as object });
      const parsed = JSON.parse(res.body) as Record<string, unknown>;
      if (typeof parsed.position === 'number') client.lastPosition = Math.max(client.lastPosition, parsed.position);
      return { status: res.statusCode, body: parsed };
    },
    async get<T>(url: string) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization } });
      return { status: res.statusCode, body: JSON.parse(res.body) as T };
    },
    async read<T>(url: string) {
      const separator = url.includes('?') ? '&' : '?';
      const res = await client.get<T>(`${url}${separator}minPosition=${client.lastPosition}`);
      if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
  return client;
};
