import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { apiGet, apiPost, query } from '../api/api-client';
import type { DeadLettersView } from '../api/api-types';
import { deadLetterValueNote, replayableRefs, type DeadLetterValue } from '../ops/dead-letter-value';
import { errorText, whenLoaded } from '../ui/feedback';
import { formatCount, formatInstant } from '../ui/format';
import { useLoad } from '../ui/use-load';

const note = (entry: DeadLetterValue): ComponentChild => {
  const text = deadLetterValueNote(entry);
  return text === null ? null : html`<p class="warn-text">${text}</p>`;
};

/** Kafka messages that could not become events, with why; chosen ones replayed after fixing the cause. */
export const DeadLettersPanel = (): ComponentChild => {
  const [reason, setReason] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const letters = useLoad(
    () => apiGet<DeadLettersView>(`/v1/ops/dead-letters${query({ reason: reason || undefined, limit: 200 })}`),
    [reason],
  );
  const toggle = (ref: string, on: boolean): void =>
    setChosen((now) => {
      const next = new Set(now);
      if (on) next.add(ref);
      else next.delete(ref);
      return next;
    });
  // Only what is on screen is sent: a tick under another filter (or gone after a reload) is not replayed.
  const refs = letters.state.data?.configured ? replayableRefs(chosen, letters.state.data.entries) : [];
  const replay = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const result = await apiPost<{ replayed: number; entries: { ref: string; to: string }[] }>(
        '/v1/ops/dead-letters/replay',
        { refs },
      );
      setMessage(
        `Replayed ${result.replayed} dead letter(s) to ${[...new Set(result.entries.map((e) => e.to))].join(', ')}. ` +
          'They stay listed: the dead-letter topic keeps every entry; one that fails again comes back as a new entry.',
      );
      setChosen(new Set());
      void letters.reload();
    } catch (caught) {
      setMessage(caught instanceof Error ? errorText(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="dead-letters-title">
    <div class="page-head">
      <h2 id="dead-letters-title">Dead letters</h2>
      ${
        letters.state.data?.configured === false
          ? null
          : html`<button type="button" onClick=${() => letters.reload()}>Refresh dead letters</button>`
      }
    </div>
    ${whenLoaded(letters.state, (view) => {
      if (!view.configured) return html`<p class="muted">${view.detail}</p>`;
      if (!view.topicExists)
        return html`<p class="muted">Topic ${view.topic} does not exist yet: nothing was dead-lettered.</p>`;
      return html`
        <p class="meta">
          ${`${view.topic}: ${formatCount(view.total)} dead letter(s) visible to this key`}${
            view.total > 0
              ? ` (${Object.entries(view.reasons)
                  .map(([r, n]) => `${n} ${r}`)
                  .join(', ')})`
              : ''
          }
        </p>
        <label class="inline">
          Reason
          <select
            value=${reason}
            onChange=${(e: Event) => {
              setChosen(new Set());
              setReason((e.currentTarget as HTMLSelectElement).value);
            }}
          >
            <option value="">all</option>
            ${Object.keys(view.reasons).map((r) => html`<option value=${r}>${r}</option>`)}
          </select>
        </label>
        ${
          view.matching > view.entries.length
            ? html`<p class="warn-text" role="status">
                ${`Showing the first ${formatCount(view.entries.length)} of ${formatCount(view.matching)}: choose a reason to narrow the list.`}
              </p>`
            : null
        }
        ${
          view.entries.length === 0
            ? html`<p class="ok-text">No dead letters.</p>`
            : html`<table aria-label="Dead letters">
                  <thead>
                    <tr>
                      <th scope="col">Replay</th>
                      <th scope="col">Entry</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Tenant</th>
                      <th scope="col">Original</th>
                      <th scope="col">Failed at</th>
                      <th scope="col">Detail</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${view.entries.map(
                      (e) =>
                        html`<tr>
                          <td>
                            <input
                              type="checkbox"
                              aria-label=${`Choose ${e.ref}`}
                              disabled=${e.truncated}
                              checked=${chosen.has(e.ref)}
                              onChange=${(ev: Event) => toggle(e.ref, (ev.currentTarget as HTMLInputElement).checked)}
                            />
                          </td>
                          <td><code>${e.ref}</code></td>
                          <td><span class="badge warn">${e.reason}</span></td>
                          <td>${e.tenantId ?? '–'}</td>
                          <td>${e.original.topic}/${e.original.partition}@${e.original.offset}</td>
                          <td>${formatInstant(e.failedAt)}</td>
                          <td>
                            ${e.detail}
                            <details>
                              <summary>Message</summary>
                              ${note(e)}
                              <pre>${e.value ?? '(no value)'}</pre>
                            </details>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                <button type="button" disabled=${busy || refs.length === 0} onClick=${replay}>
                  Replay ${refs.length} selected
                </button>`
        }
      `;
    })}
    ${message ? html`<p role="status">${message}</p>` : null}
  </section>`;
};
