import { createWriteStream } from 'node:fs';
import { IdentityReadModelMissing, ReadModelIdentifierDirectory } from '@crm/privacy/directory/identifier-directory';
import { exportPerson } from '@crm/privacy/export/export-person';
import { ProfileNotFound } from '@crm/privacy/forget/forget-person';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import { openPrivacyServices } from '@crm/wiring/open-privacy';
import type { CliContext } from '../cli-context';
import { CliFailure } from '../cli-errors';
import { toJson } from '../output';
import { checkProfileId } from './forget.command';

export interface ExportOptions {
  tenant: string;
  profile: string;
  /** Write the JSON to this file (created with mode 0600) instead of stdout. */
  output?: string;
}

/**
 * `crm export --tenant <t> --profile <id>`: everything held about a person (right of access), as JSON:
 * identifiers, their events as readers see them, read-model rows; a forgotten person is marked so.
 */
export const exportCommand = async (ctx: CliContext, options: ExportOptions): Promise<void> => {
  const profileId = checkProfileId(options.tenant, options.profile);
  const [store, rm, projections] = await Promise.all([ctx.store(), ctx.readModels(), ctx.projections()]);
  const privacy = await openPrivacyServices(ctx.config());
  const progress = ctx.io.stderr.isTTY ? new ProgressReporter({ label: 'export', stream: ctx.io.stderr }) : undefined;
  let json: string;
  try {
    json = toJson(
      await exportPerson(options.tenant, profileId, {
        store,
        keys: privacy.keys,
        directory: new ReadModelIdentifierDirectory(rm),
        readModels: rm,
        projections,
        identifierKeyOf: privacy.identifierKeyOf,
        onProgress: (scanned, total) => progress?.update(scanned, total),
      }),
    );
  } catch (error) {
    if (error instanceof ProfileNotFound || error instanceof IdentityReadModelMissing)
      throw new CliFailure(error.message);
    throw error;
  } finally {
    progress?.finish();
    await privacy.close();
  }
  if (options.output === undefined) {
    ctx.io.stdout.write(json);
    return;
  }
  // Personal data: a file only its owner can read.
  await new Promise<void>((resolve, reject) => {
    const file = createWriteStream(options.output!, { mode: 0o600 });
    file.on('error', reject);
    file.end(json, () => resolve());
  });
  ctx.io.stderr.write(`export: written to ${options.output}\n`);
};
