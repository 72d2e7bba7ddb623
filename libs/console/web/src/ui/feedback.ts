import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { ApiError } from '../api/api-client';
import type { Loaded } from './use-load';

/** An error as the user reads it: the problem's detail when the API sent one. */
export const errorText = (error: Error): string => {
  if (error instanceof ApiError) {
    const pointers = error.problem?.errors?.map((e) => `${e.pointer}: ${e.detail}`) ?? [];
    return [`${error.problem?.title ?? 'Request failed'} (${error.status})`, error.problem?.detail, ...pointers]
      .filter(Boolean)
      .join(' — ');
  }
  return error.message;
};

export const ErrorAlert = ({ error }: { error: Error }): ComponentChild =>
  html`<p role="alert" class="alert">${errorText(error)}</p>`;

/** Loading, error or the content, for a loaded resource. */
export const whenLoaded = <T>(
  state: Loaded<T>,
  render: (data: T) => ComponentChild | ComponentChild[] | null,
): ComponentChild => {
  if (state.data !== undefined)
    return html`${state.status === 'error' ? html`<${ErrorAlert} error=${state.error} />` : null}${render(state.data)}`;
  if (state.status === 'error') return html`<${ErrorAlert} error=${state.error} />`;
  return html`<p role="status" class="muted">Loading…</p>`;
};
