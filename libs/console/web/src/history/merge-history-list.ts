import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import type { ProfileHistoryEntry } from '../api/api-types';
import { href } from '../routing';
import { formatInstant } from '../ui/format';
import { mergeHistoryLines, type MergeHistoryLine, type MergeHistoryPart } from './merge-history';

/** A history line's words, each other profile's id a link that opens it here (read at `at` or later). */
export const LineText = ({
  parts,
  self,
  at,
}: {
  parts: MergeHistoryPart[];
  self: string;
  at: number;
}): ComponentChild =>
  html`${parts.map((part) =>
    'text' in part
      ? part.text
      : part.profileId === self
        ? html`<code>${part.profileId}</code>`
        : html`<a
            href=${href({ page: 'customers', type: null, value: null, profile: part.profileId, ...(at > 0 && { at }) })}
            ><code>${part.profileId}</code></a
          >`,
  )}`;

const HistoryLine = ({ line, self, at }: { line: MergeHistoryLine; self: string; at: number }): ComponentChild =>
  html`<li>
    <time datetime=${line.occurredAt}>${formatInstant(line.occurredAt)}</time
    >${' '}<strong>${h(LineText, { parts: line.parts, self, at })}</strong>${line.why ? ` — ${line.why}` : ''}
  </li>`;

export const MergeHistory = (props: {
  entries: ProfileHistoryEntry[];
  profileId: string;
  at: number;
}): ComponentChild => {
  const history = mergeHistoryLines(props.entries, props.profileId);
  return html`<section aria-labelledby="merges-title">
    <h2 id="merges-title">Merges and splits</h2>
    ${
      history.length === 0
        ? html`<p class="muted">Never merged.</p>`
        : html`<ol class="timeline" aria-label="Merge history">
            ${history.map((line) =>
              h(HistoryLine, { key: `${line.position}:${line.what}`, line, self: props.profileId, at: props.at }),
            )}
          </ol>`
    }
  </section>`;
};
