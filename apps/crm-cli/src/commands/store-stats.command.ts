import type { CliContext } from '../cli-context';
import { formatPairs, formatTable, toJson } from '../output';

/** Head position, streams and events per type, of the whole store or of one tenant. */
export const storeStats = async (ctx: CliContext, options: { tenant?: string; json?: boolean }): Promise<void> => {
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
