import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { DEFAULT_SLA_TARGETS, MS_PER_MINUTE, type ChannelMinutes, type SlaTargets } from '../domain/sla-targets';

export interface SlaTargetSet extends SlaTargets {
  /** Tickets opened from this instant on are measured against this set. */
  effectiveFrom: string;
  setAt: string;
  /** Version of the tenant's target stream after this set: pass the last one as expectedVersion. */
  version: number;
}

export interface SlaTargetsView {
  /** The set in force at `asOf`; the built-in defaults (`effectiveFrom: null`) before any set. */
  current: SlaTargets & { effectiveFrom: string | null };
  defaults: SlaTargets;
  /** Every set, oldest first (by version). */
  history: SlaTargetSet[];
  /** Current version of the target stream (-1: never set). */
  version: number;
}

interface TargetRow {
  version: number;
  channel: string;
  priority: string;
  effectiveFromMs: number;
  firstResponseMs: number;
  resolutionMs: number;
  setAt: string;
}

const toSets = (rows: readonly TargetRow[]): SlaTargetSet[] => {
  const byVersion = new Map<number, TargetRow[]>();
  for (const row of rows) byVersion.set(Number(row.version), [...(byVersion.get(Number(row.version)) ?? []), row]);
  return [...byVersion.entries()].map(([version, setRows]) => {
    const base = setRows.find((r) => r.channel === '*' && r.priority === '*')!;
    // (channel, "*") rows are the channel overrides, ("*", priority) the priority ones; pairs are derived.
    const overrides = (
      pick: (r: TargetRow) => number,
      of: (r: TargetRow) => string | undefined,
    ): Record<string, number> =>
      Object.fromEntries(
        setRows.flatMap((r) => {
          const key = of(r);
          return key !== undefined && Number(pick(r)) !== Number(pick(base))
            ? [[key, Number(pick(r)) / MS_PER_MINUTE]]
            : [];
        }),
      );
    const minutes = (pick: (r: TargetRow) => number): ChannelMinutes => {
      const byPriority = overrides(pick, (r) => (r.channel === '*' && r.priority !== '*' ? r.priority : undefined));
      return {
        defaultMinutes: Number(pick(base)) / MS_PER_MINUTE,
        byChannel: overrides(pick, (r) => (r.channel !== '*' && r.priority === '*' ? r.channel : undefined)),
        ...(Object.keys(byPriority).length > 0 && { byPriority }),
      };
    };
    return {
      firstResponse: minutes((r) => r.firstResponseMs),
      resolution: minutes((r) => r.resolutionMs),
      effectiveFrom: new Date(Number(base.effectiveFromMs)).toISOString(),
      setAt: base.setAt,
      version,
    };
  });
};

/** The tenant's targets in force at `asOfMs`, and the whole history of sets. */
export const slaTargets = async (rm: ReadModelStore, tenantId: string, asOfMs: number): Promise<SlaTargetsView> => {
  const rows = await rm.query<TargetRow>(
    `SELECT version, channel, priority, effective_from_ms AS "effectiveFromMs", first_response_ms AS "firstResponseMs",
            resolution_ms AS "resolutionMs", set_at AS "setAt"
       FROM b2c_support_sla_targets WHERE tenant_id = ? ORDER BY version, channel, priority`,
    [tenantId],
  );
  const history = toSets(rows);
  const inForce = history
    .filter((s) => Date.parse(s.effectiveFrom) <= asOfMs)
    .sort((a, b) => Date.parse(a.effectiveFrom) - Date.parse(b.effectiveFrom) || a.version - b.version)
    .at(-1);
  return {
    current: inForce
      ? { firstResponse: inForce.firstResponse, resolution: inForce.resolution, effectiveFrom: inForce.effectiveFrom }
      : { ...DEFAULT_SLA_TARGETS, effectiveFrom: null },
    defaults: DEFAULT_SLA_TARGETS,
    history,
    version: history.length === 0 ? -1 : Math.max(...history.map((s) => s.version)),
  };
};
