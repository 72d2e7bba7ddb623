import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { apiGet } from '../api/api-client';
import type { WhoAmI } from '../api/api-types';
import { storeApiKey } from '../api/session';
import { errorText } from '../ui/feedback';

/** Asks for the API key once per tab; checks it against /v1/whoami before keeping it. */
export const SignInPage = ({ onSignedIn }: { onSignedIn: (who: WhoAmI) => void }): ComponentChild => {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const who = await apiGet<WhoAmI>('/v1/whoami', key.trim());
      storeApiKey(key.trim());
      onSignedIn(who);
    } catch (caught) {
      setError(caught instanceof Error ? errorText(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return html`
    <main class="sign-in">
      <h1>CRM console</h1>
      <form onSubmit=${submit} aria-label="Sign in">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          minlength="16"
          value=${key}
          onInput=${(e: Event) => setKey((e.currentTarget as HTMLInputElement).value)}
        />
        <p class="hint">
          ${'The key stays in this tab (session storage) and is sent with each request. In dev mode, '}<code
            >npm start</code
          >${' prints one.'}
        </p>
        <button type="submit" disabled=${busy}>Sign in</button>
        ${error ? html`<p role="alert" class="alert">${error}</p>` : null}
      </form>
    </main>
  `;
};
