import { userInfo } from 'node:os';
import { readGenerations } from '@crm/projections/core/generations';
import { NotFaulted, resolveFault, type FaultDecision } from '@crm/projections/core/resolve-fault';
import type { CliContext } from '../cli-context';
import { CliFailure } from '../cli-errors';
import { toJson } from '../output';

/** Who decided: `--actor`, else $USER, else the OS account; recorded in the ProjectionFaultResolved event. */
const defaultActor = (env: NodeJS.ProcessEnv): string => {
  if (env.USER?.trim()) return env.USER.trim();
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

const WHAT = {
  retry: 'the event will be applied again (after a fix)',
  skip: 'the event will be passed over',
  park: 'the event will be passed over and kept in projection_parked_events',
} satisfies Record<FaultDecision, string>;

/**
 * An operator's decision on a faulted projection, appended to the event store (audit) before the
 * projection is released. The only way a failing event is ever passed over.
 */
export const projectionsResolveFault = async (
  ctx: CliContext,
  decision: FaultDecision,
  name: string,
  options: { actor?: string; json?: boolean },
): Promise<void> => {
  await ctx.projection(name);
  const [store, rm] = await Promise.all([ctx.store(), ctx.readModels()]);
  const actor = options.actor?.trim() || defaultActor(ctx.io.env);
  const faulted = (await readGenerations(rm, name)).find((g) => g.state === 'faulted' && g.status !== 'retired');
  const resolved = await resolveFault(store, rm, name, decision, actor).catch((error: unknown) => {
    if (error instanceof NotFaulted) throw new CliFailure(`${error.message}: there is nothing to ${decision}.`);
    throw error;
  });
  if (options.json) {
    ctx.io.stdout.write(toJson({ projection: name, decision, actor, ...resolved }));
    return;
  }
  const next =
    faulted?.status === 'building'
      ? `continue the rebuild with: crm projections rebuild ${name}`
      : 'a running crm-projector picks it up within about a second';
  ctx.io.stdout.write(
    `${name}: ${decision} recorded by ${actor} for event ${resolved.eventId} at position ${resolved.position} ` +
      `(generation ${resolved.generation}); ${WHAT[decision]}.\n  Next: ${next}.\n`,
  );
};
