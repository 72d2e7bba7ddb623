import type { CliContext } from '../cli-context';
import { UsageError } from '../cli-errors';
import { formatPairs, formatTable, toJson } from '../output';

/**
 * Head position, streams and events per type, of one tenant or — said explicitly with --all-tenants —
 * of the whole store: counts per type are tenant data too, so they never cross tenants by default.
 */
export const storeStats = async (
  ctx: CliContext,
  options: { tenant?: string; allTenants?: boolean; json?: boolean },
): Promise<void> => {
  if (options.tenant !== undefined && options.allTenants)
    throw new UsageError('Give either --tenant <tenant> or --all-tenants, not both.');
  if (options.tenant === undefined && !options.allTenants)
    throw new UsageError('--tenant <tenant> is required (or --all-tenants for the whole store, on purpose).');
  const store = await ctx.store();
  const stats = await store.stats(options.tenant);
  const totalEvents = Object.values(stats.eventsByType).reduce((a, b) => a + b, 0);
  if (options.json) {
    ctx.io.stdout.write(toJson({ tenant: options.tenant ?? null, store: store.name, ...stats, totalEvents }));
    return;
  }
  const types = Object.entries(stats.eventsByType).sort(([a], [b]) => a.localeCompare(b));
  ctx.io.stdout.write(
    formatPairs([
      ['store', store.name],
      ['tenant', options.tenant ?? 'all tenants'],
      ['head position', stats.headPosition],
      ['streams', stats.streams],
      ['events', totalEvents],
    ]) + (types.length > 0 ? `\n${formatTable(['TYPE', 'EVENTS'], types)}` : ''),
  );
};
