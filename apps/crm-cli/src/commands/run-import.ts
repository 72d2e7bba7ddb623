import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import { openEventStore } from '@crm/wiring/open-event-store';
import type { CliContext } from '../cli-context';
import { toJson } from '../output';

export interface ImportRun<R> {
  /** Progress label on stderr. */
  label: string;
  json?: boolean;
  progressInterval?: number;
  run(store: EventStore, onProgress: (done: number, total: number) => void): Promise<R>;
  summary(report: R, seconds: number): string;
}

/**
 * What every `crm import …` does around its own work: open the store, report progress and an ETA on stderr,
 * print the report (JSON or a summary), close the store. Not ctx.store(): that refuses a DATA_DIR without a
 * store (a read command there is a typo); an import creates it.
 */
export const runImport = async <R>(ctx: CliContext, spec: ImportRun<R>): Promise<R> => {
  const store = await openEventStore(ctx.config());
  const progress = new ProgressReporter({
    label: spec.label,
    stream: ctx.io.stderr,
    ...(spec.progressInterval !== undefined && { intervalMs: spec.progressInterval }),
  });
  const started = performance.now();
  try {
    const report = await spec.run(store, (done, total) => progress.update(done, total));
    progress.finish();
    ctx.io.stdout.write(spec.json ? toJson(report) : spec.summary(report, (performance.now() - started) / 1000));
    return report;
  } finally {
    progress.finish();
    await store.close();
  }
};
