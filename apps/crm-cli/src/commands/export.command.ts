import { createWriteStream } from 'node:fs';
import { IdentityReadModelMissing, ReadModelIdentifierDirectory } from '@crm/privacy/directory/identifier-directory';
import { exportPerson } from '@crm/privacy/export/export-person';
import { exportContact } from '@crm/privacy/export/export-contact';
import { exportEmployee } from '@crm/privacy/export/export-employee';
import { EmployeeNotFound } from '@crm/privacy/forget/forget-employee';
import { ContactNotFound } from '@crm/privacy/forget/forget-contact';
import { ProfileNotFound } from '@crm/privacy/forget/forget-person';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import { openPrivacyServices } from '@crm/wiring/open-privacy';
import type { CliContext } from '../cli-context';
import { CliFailure } from '../cli-errors';
import { toJson } from '../output';
import { subjectOf } from './forget.command';

export interface ExportOptions {
  tenant: string;
  profile?: string;
  /** A B2B contact id, instead of `profile`. */
  contact?: string;
  /** One of our employees (a deal owner's name, an approver's login), instead of `profile`. */
  employee?: string;
  /** Write the JSON to this file (created with mode 0600) instead of stdout. */
  output?: string;
}

/**
 * `crm export --tenant <t> --profile <id>` (or `--contact <id>`, `--employee <id>`): everything held about a person (right of access), as JSON:
 * identifiers, their events as readers see them, read-model rows; a forgotten person is marked so.
 */
export const exportCommand = async (ctx: CliContext, options: ExportOptions): Promise<void> => {
  const subject = subjectOf(options);
  const [store, rm, projections] = await Promise.all([ctx.store(), ctx.readModels(), ctx.projections()]);
  const privacy = await openPrivacyServices(ctx.config());
  const progress = ctx.io.stderr.isTTY ? new ProgressReporter({ label: 'export', stream: ctx.io.stderr }) : undefined;
  let json: string;
  try {
    json = toJson(
      subject.kind === 'employee'
        ? await exportEmployee(options.tenant, subject.id, {
            store,
            keys: privacy.keys,
            readModels: rm,
            projections,
            identifierKeyOf: privacy.identifierKeyOf,
          })
        : subject.kind === 'contact'
          ? await exportContact(options.tenant, subject.id, { store, keys: privacy.keys, readModels: rm, projections })
          : await exportPerson(options.tenant, subject.id, {
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
    if (
      error instanceof ProfileNotFound ||
      error instanceof ContactNotFound ||
      error instanceof EmployeeNotFound ||
      error instanceof IdentityReadModelMissing
    )
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
