import { hashProjection } from '@crm/projections/core/content-hash';
import type { CliContext } from '../cli-context';
import { CliFailure } from '../cli-errors';
import { formatTable, toJson } from '../output';

/** The content hash of a projection's serving (or a given) generation: equal hashes, equal read models. */
export const projectionsHash = async (
  ctx: CliContext,
  name: string,
  options: { json?: boolean; generation?: number },
): Promise<void> => {
  const projection = await ctx.projection(name);
  const rm = await ctx.readModels();
  const result = await hashProjection(rm, projection, options.generation).catch((error: unknown) => {
    const hint = options.generation === undefined ? ` (build it with: crm projections rebuild ${name})` : '';
    throw new CliFailure(`${error instanceof Error ? error.message : String(error)}${hint}`);
  });
  if (options.json) {
    ctx.io.stdout.write(toJson(result));
    return;
  }
  ctx.io.stdout.write(
    `${result.projection}  generation ${result.generation}  version ${result.version}\n` +
      `hash  ${result.hash}\n\n` +
      formatTable(
        ['TABLE', 'ROWS', 'HASH'],
        Object.entries(result.tables).map(([table, t]) => [table, t.rows, t.hash]),
      ),
  );
};
