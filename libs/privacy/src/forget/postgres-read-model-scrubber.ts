import { assertIdentifier } from '@crm/projections/core/ddl';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { ReadModelScrubber, ScrubOptions, ScrubReport } from './read-model-scrubber.port';

/**
 * VACUUMs the tables of the given projections' live generations, as the runtime lists them
 * (`projection_generations.tables`), through the read-model store itself (a plain query runs outside a
 * transaction, as VACUUM needs). Plain VACUUM prunes the dead row versions that held a forgotten
 * person's values without blocking readers or writers, but their bytes may stay in the pages' free
 * space until reused; `full` rewrites each table instead (ADR 0009).
 */
export class PostgresReadModelScrubber implements ReadModelScrubber {
  constructor(private readonly rm: ReadModelStore) {}

  async scrub({ projections, full }: ScrubOptions): Promise<ScrubReport> {
    if (projections.length === 0) return { detail: 'no read-model table to vacuum', complete: true };
    const rows = await this.rm.query<{ tables: string }>(
      `SELECT tables FROM projection_generations WHERE status <> 'retired' AND name IN (${projections.map(() => '?').join(', ')})`,
      [...projections],
    );
    const tables = [...new Set(rows.flatMap((r) => JSON.parse(r.tables) as string[]))].sort();
    for (const table of tables) await this.rm.query(`VACUUM ${full ? 'FULL ' : ''}${assertIdentifier(table)}`);
    return {
      detail: `${tables.length} read-model table(s) ${full ? 'rewritten (VACUUM FULL)' : 'vacuumed'}`,
      complete: true,
    };
  }
}
