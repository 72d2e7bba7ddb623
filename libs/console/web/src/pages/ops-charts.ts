import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, query } from '../api/api-client';
import type { OpsHistoryView } from '../api/api-types';
import { LineChart } from '../charts/line-chart';
import { lagSeries, rateSeries, type Sample } from '../charts/ops-series';
import { ErrorAlert } from '../ui/feedback';
import { formatCount, formatRate } from '../ui/format';

const KEEP = 900;
const POLL_MS = 2000;

/** Ingest rate and projection lag over the last minutes, polled from /v1/ops/history. */
export const ChartsPanel = (): ComponentChild => {
  const [samples, setSamples] = useState<Sample[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    const poll = async (): Promise<void> => {
      // A busy API answers slowly: never two polls at once, or the same samples would be added twice.
      if (inFlight) return;
      inFlight = true;
      try {
        const view = await apiGet<OpsHistoryView>(`/v1/ops/history${query({ since: last.current })}`);
        if (stopped) return;
        setError(null);
        const after = last.current === undefined ? -Infinity : Date.parse(last.current);
        const fresh = view.samples.filter((s) => Date.parse(s.at) > after);
        if (fresh.length > 0) {
          last.current = fresh[fresh.length - 1]!.at;
          setSamples((shown) => [...shown, ...fresh].slice(-KEEP));
        }
      } catch (caught) {
        if (!stopped) setError(caught instanceof Error ? caught : new Error(String(caught)));
      } finally {
        inFlight = false;
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return html`<section aria-labelledby="charts-title">
    <h2 id="charts-title">Ingest rate and lag</h2>
    ${error ? h(ErrorAlert, { error }) : null}
    <div class="charts">
      ${h(LineChart, {
        title: 'Ingest rate (events per second)',
        series: [rateSeries(samples)],
        format: formatRate,
        empty: 'Collecting samples…',
      })}
      ${h(LineChart, {
        title: 'Projection lag (events behind the head)',
        series: lagSeries(samples),
        format: formatCount,
        integer: true,
        empty: 'Collecting samples…',
      })}
    </div>
  </section>`;
};
