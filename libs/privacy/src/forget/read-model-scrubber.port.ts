/**
 * After the read models dropped a forgotten person's values, their old bytes may still sit in the
 * database files: SQLite keeps deleted cells in free pages and old page images in the WAL; PostgreSQL
 * keeps dead tuples until VACUUM. A scrubber removes them without knowing any projection's tables.
 */
export interface ScrubReport {
  /** What was done, for the operator. */
  detail: string;
  /** True when every step completed (else forget reports itself incomplete; running it again retries). */
  complete: boolean;
}

export interface ScrubOptions {
  /** Projections whose tables changed (they handled PersonForgotten): where a table-level scrub looks. */
  projections: readonly string[];
  /**
   * PostgreSQL: VACUUM FULL (rewrite each table, locking it meanwhile) instead of a plain VACUUM, which
   * prunes dead rows but may leave their bytes in the pages' free space (ADR 0009). SQLite always rewrites.
   */
  full: boolean;
}

export interface ReadModelScrubber {
  scrub(options: ScrubOptions): Promise<ScrubReport>;
}
