import type { Contender } from '../contender';
import { interruptRequested } from '../interrupt';
import { READ_PAGE } from '../results';
import type { Scenario } from './scenario';

const WARMUP_PAGES = 5;

/**
 * 4. Reads the whole global log back in pages of 1,000, each page starting after the last
 * position of the previous one (how a projection catches up). Bounded by `readCapMs`: a slow
 * contender is measured on what it read by then, and the report says so.
 */
export const readAll: Scenario = {
  id: 'readAll',
  title: `read all, pages of ${READ_PAGE.toLocaleString('en-US')}`,
  supports: (c) => c.readPage !== undefined,
  plannedMs: (t) => Math.min(t.readCapMs, 5000),
  async run(contender: Contender, { database, timing, step }) {
    const read = contender.readPage!.bind(contender);
    const head = await contender.headPosition();
    // Warm-up: a few pages, so the first measured page does not pay for connection or statement setup.
    let after = 0;
    for (let i = 0; i < WARMUP_PAGES; i++) after = (await read(after, READ_PAGE)).last;

    const start = performance.now();
    const deadline = start + timing.readCapMs;
    let events = 0;
    after = 0;
    let complete = false;
    while (performance.now() < deadline && !interruptRequested()) {
      const page = await read(after, READ_PAGE);
      if (page.count === 0) {
        complete = true;
        break;
      }
      events += page.count;
      after = page.last;
      if (head > 0) step.setFraction(after / head);
      step.setDetail(`${events.toLocaleString('en-US')} events`);
    }
    const seconds = (performance.now() - start) / 1000;
    const rate = events / seconds;
    const note = complete
      ? undefined
      : `stopped after ${(timing.readCapMs / 1000).toFixed(0)} s: ${events.toLocaleString('en-US')} of ${head.toLocaleString('en-US')} read`;
    step.done(
      `${Math.round(rate).toLocaleString('en-US')} ev/s  ${events.toLocaleString('en-US')} events${note ? `  (${note})` : ''}`,
    );
    return {
      database,
      scenario: this.id,
      role: contender.role,
      label: contender.label,
      rate,
      events,
      ...(note ? { note } : {}),
    };
  },
};
