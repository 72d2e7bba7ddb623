import { ProgressReporter, formatCount } from '@crm/platform/progress/progress-reporter';
import { reapplyForgets, type ReapplyResult } from '@crm/privacy/forget/reapply-forgets';
import { openPrivacyServices } from '@crm/wiring/open-privacy';
import type { CliContext } from '../cli-context';
import { UsageError } from '../cli-errors';
import { formatPairs, formatTable, toJson } from '../output';

export interface ReapplyForgetsOptions {
  tenant?: string;
  allTenants?: boolean;
  json?: boolean;
}

const report = (r: ReapplyResult): string =>
  `${r.keysDeleted === 0 ? 'every recorded forget still holds: no key had come back' : `${formatCount(r.keysDeleted)} key(s) had come back and are deleted again`}\n` +
  formatPairs([
    ['tenant', r.tenantId ?? 'all tenants'],
    ['forget events read', formatCount(r.forgetEvents)],
    ['keys deleted again', formatCount(r.keysDeleted)],
    ['key store files scrubbed', r.scrubbed ? 'yes' : 'NO'],
  ]) +
  (r.resurrected.length > 0
    ? `\n${formatTable(
        ['TENANT', 'FORGOTTEN', 'KEYS DELETED AGAIN'],
        r.resurrected.map((x) => [x.tenantId, x.subject, x.keysDeleted]),
      )}\nA projection rebuilt between the restore and now read their values in clear: rebuild it again ` +
      '(crm projections rebuild <name>).\n'
    : '');

/**
 * `crm reapply-forgets --tenant <t> | --all-tenants`: after restoring the key store from a backup, deletes
 * again the keys of everyone the log records as forgotten (ADR 0009). Idempotent; appends nothing.
 */
export const reapplyForgetsCommand = async (ctx: CliContext, options: ReapplyForgetsOptions): Promise<void> => {
  if (options.tenant === undefined && !options.allTenants)
    throw new UsageError(
      '--tenant <tenant> is required (or --all-tenants, after restoring a key store every tenant shares).',
    );
  if (options.tenant !== undefined && options.allTenants)
    throw new UsageError('Give --tenant <tenant> or --all-tenants, not both.');
  const store = await ctx.store();
  const privacy = await openPrivacyServices(ctx.config());
  const progress = ctx.io.stderr.isTTY
    ? new ProgressReporter({ label: 'reapply forgets', stream: ctx.io.stderr })
    : undefined;
  let result: ReapplyResult;
  try {
    result = await reapplyForgets(options.tenant ?? null, {
      store,
      keys: privacy.keys,
      onProgress: (p) => progress?.update(p.position, Math.max(p.head, 1)),
    });
  } finally {
    progress?.finish();
    await privacy.close();
  }
  ctx.io.stdout.write(options.json ? toJson(result) : report(result));
};
