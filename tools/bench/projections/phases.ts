import { checkInterrupt, interruptRequested } from '../interrupt';
import type { ProgressStep } from '../progress';
import { READ_PAGE, type PageReader } from './readers';

export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const rateOf = (events: number, ms: number): number => events / (ms / 1000);

export interface ReadResult {
  events: number;
  seconds: number;
  rate: number;
}

/** Pages through the whole log from position 0 with `read`, 5,000 events per page. */
export const readThrough = async (read: PageReader, head: number, step: ProgressStep): Promise<ReadResult> => {
  const started = performance.now();
  let events = 0;
  let after = 0;
  for (;;) {
    if (interruptRequested()) checkInterrupt();
    const page = await read(after, READ_PAGE);
    if (page.count === 0) break;
    events += page.count;
    after = page.last;
    step.setFraction(after / head);
    step.setDetail(`${fmt(events)} events  ${fmt(rateOf(events, performance.now() - started))} ev/s`);
  }
  const ms = performance.now() - started;
  step.done(`${fmt(events)} events  ${fmt(rateOf(events, ms))} ev/s`);
  return { events, seconds: ms / 1000, rate: rateOf(events, ms) };
};
