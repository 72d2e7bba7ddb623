import { userInfo } from 'node:os';
import { IdentityReadModelMissing, ReadModelIdentifierDirectory } from '@crm/privacy/directory/identifier-directory';
import { ContactNotFound, forgetContact, type ForgetContactResult } from '@crm/privacy/forget/forget-contact';
import { EmployeeNotFound, forgetEmployee, type ForgetEmployeeResult } from '@crm/privacy/forget/forget-employee';
import { forgetPerson, ProfileNotFound, type ForgetResult } from '@crm/privacy/forget/forget-person';
import type { ForgetOutcome, ForgetStep } from '@crm/privacy/forget/forget-steps';
import {
  CONTACT_FORGOTTEN,
  contactGdprStreamOf,
  EMPLOYEE_FORGOTTEN,
  gdprStreamOf,
  PERSON_FORGOTTEN,
  type GdprEvent,
} from '@crm/privacy/forget/person-forgotten.events';
import { createReadModelScrubber } from '@crm/privacy/read-model-scrubber.factory';
import { openPrivacyServices } from '@crm/wiring/open-privacy';
import type { CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-errors';
import { formatPairs, formatTable, toJson, type Cell } from '../output';

export interface ForgetOptions {
  tenant: string;
  /** A B2C profile id; or `contact`. */
  profile?: string;
  /** A B2B contact id; or `profile`. */
  contact?: string;
  /** One of our employees (a deal owner's name, an approver's login); or `profile`/`contact`. */
  employee?: string;
  json?: boolean;
  /** How long to wait for the read models to process PersonForgotten (default 120 s). */
  waitTimeout?: number;
  /** PostgreSQL read models: VACUUM FULL the changed tables. */
  vacuumFull?: boolean;
  actor?: string;
}

const DEFAULT_WAIT_MS = 120_000;

/** The profile id becomes part of a stream id (`<tenant>/gdpr-<profileId>`): refuse what cannot. */
export const checkProfileId = (tenant: string, profileId: string): string => {
  try {
    gdprStreamOf(tenant, profileId);
  } catch {
    throw new UsageError(`${JSON.stringify(profileId)} is not a profile id (1-200 characters, no "/" or spaces).`);
  }
  return profileId;
};

/** The contact id becomes part of a stream id (`<tenant>/gdpr-contact:<contactId>`): refuse what cannot. */
export const checkContactId = (tenant: string, contactId: string): string => {
  try {
    contactGdprStreamOf(tenant, contactId);
  } catch {
    throw new UsageError(`${JSON.stringify(contactId)} is not a contact id (1-200 characters, no "/" or spaces).`);
  }
  return contactId;
};

/** An employee id is never part of a stream id (its pseudonym is): only refuse an empty or huge one. */
export const checkEmployeeId = (employeeId: string): string => {
  if (employeeId.trim() === '' || employeeId.length > 200)
    throw new UsageError(`${JSON.stringify(employeeId)} is not an employee id (1-200 characters).`);
  return employeeId;
};

export type ForgetSubject = { kind: 'profile' | 'contact' | 'employee'; id: string };

/** Exactly one of --profile, --contact and --employee (the last only where the command offers it). */
export const subjectOf = (options: {
  tenant: string;
  profile?: string;
  contact?: string;
  employee?: string;
}): ForgetSubject => {
  const given = [options.profile, options.contact, options.employee].filter((o) => o !== undefined);
  if (given.length !== 1)
    throw new UsageError(
      'Give exactly one of --profile <profileId>, --contact <contactId> and --employee <employeeId>.',
    );
  if (options.employee !== undefined) return { kind: 'employee', id: checkEmployeeId(options.employee) };
  return options.contact !== undefined
    ? { kind: 'contact', id: checkContactId(options.tenant, options.contact) }
    : { kind: 'profile', id: checkProfileId(options.tenant, options.profile!) };
};

const FORGET_EVENT_OF: Readonly<Record<ForgetSubject['kind'], string>> = {
  profile: 'PersonForgotten',
  contact: 'ContactForgotten',
  employee: 'EmployeeForgotten',
};

/** One stderr line per step; waiting prints when a projection moves, at most every 2 s. */
const stepReporter = (write: (line: string) => void, subject: ForgetSubject['kind']) => {
  let lastWait = 0;
  let lastLine = '';
  return (step: ForgetStep): void => {
    switch (step.step) {
      case 'resolved':
        return write(
          `forget: ${step.identifierKeys} ${subject === 'profile' ? 'identifier' : 'data'} key(s) of the ${subject}`,
        );
      case 'keys-shredded':
        return write(`forget: ${step.deleted} data key(s) deleted and scrubbed from the key store`);
      case 'recorded':
        return write(
          `forget: ${FORGET_EVENT_OF[subject]} at position ${step.position}${step.appended ? '' : ' (recorded before)'}`,
        );
      case 'projections': {
        const behind = step.progress.filter((p) => !p.reached);
        const line =
          behind.length === 0
            ? 'forget: every read model processed it'
            : `forget: waiting for ${behind.map((p) => `${p.name} (${p.state}, at ${p.checkpoint})`).join(', ')}`;
        if (line !== lastLine && (behind.length === 0 || Date.now() - lastWait >= 2000)) {
          lastWait = Date.now();
          lastLine = line;
          write(line);
        }
        return;
      }
      case 'scrubbed':
        return write(`forget: read-model files: ${step.report.detail}`);
      default: {
        const unknown: never = step;
        throw new Error(`Unknown forget step ${JSON.stringify(unknown)}`);
      }
    }
  };
};

/** The lines every forget answers with, after its headline and the subject's own pairs. */
const outcomeReport = (
  headline: string,
  subjectPairs: readonly (readonly [string, Cell])[],
  eventType: GdprEvent['type'],
  r: Omit<ForgetOutcome, 'shred'>,
): string =>
  `${headline}\n` +
  formatPairs([
    ...subjectPairs,
    ['data keys deleted', r.keysDeleted],
    ['key store', r.keyStore.detail],
    [eventType, `position ${r.event.position}${r.event.appended ? ' (appended now)' : ' (recorded before)'}`],
    ['read-model files', r.readModels.detail],
    ['complete', r.complete ? 'yes' : 'NO'],
  ]) +
  (r.projections.length > 0
    ? `\n${formatTable(
        ['READ MODEL', 'CHECKPOINT', 'STATE', 'PROCESSED'],
        r.projections.map((p) => [p.name, p.checkpoint, p.state, p.reached ? 'yes' : 'NO']),
      )}`
    : '');

const report = (r: ForgetResult): string =>
  outcomeReport(
    r.alreadyForgotten
      ? `profile ${r.profileId} of tenant ${r.tenantId} was already forgotten: no key was left to delete; checked again`
      : `forgot profile ${r.profileId} of tenant ${r.tenantId}`,
    [['identifier keys', r.identifierKeys.length]],
    PERSON_FORGOTTEN,
    r,
  );

const contactReport = (r: ForgetContactResult): string =>
  outcomeReport(
    r.alreadyForgotten
      ? `contact ${r.contactId} of tenant ${r.tenantId} was already forgotten: no key was left to delete; checked again`
      : `forgot contact ${r.contactId} of tenant ${r.tenantId}`,
    [],
    CONTACT_FORGOTTEN,
    r,
  );

const employeeReport = (r: ForgetEmployeeResult): string =>
  outcomeReport(
    r.alreadyForgotten
      ? `the employee (now ~p:${r.employeeKey}) of tenant ${r.tenantId} was already forgotten: no key was left to delete; checked again`
      : `forgot the employee of tenant ${r.tenantId}; their id now reads ~p:${r.employeeKey}`,
    [],
    EMPLOYEE_FORGOTTEN,
    r,
  );

/**
 * `crm forget --tenant <t> --profile <id>` (or `--contact <id>`, `--employee <id>`): crypto-shreds a B2C profile or a B2B contact (ADR 0009) and waits until the
 * read models have dropped its values. Idempotent: run it again after a timeout or a crash, or when the
 * person came back, and it finishes (or redoes) what is left.
 */
export const forget = async (ctx: CliContext, options: ForgetOptions): Promise<void> => {
  const subject = subjectOf(options);
  const [store, rm, projections] = await Promise.all([ctx.store(), ctx.readModels(), ctx.projections()]);
  const privacy = await openPrivacyServices(ctx.config());
  const origin = {
    tenantId: options.tenant,
    source: 'system' as const,
    actor: `crm forget (${options.actor ?? ctx.io.env.USER ?? userInfo().username})`,
    vacuumFull: options.vacuumFull ?? false,
  };
  const deps = {
    store,
    keys: privacy.keys,
    readModels: rm,
    projections,
    scrubber: createReadModelScrubber(rm, ctx.config().dataDir),
    waitTimeoutMs: options.waitTimeout ?? DEFAULT_WAIT_MS,
    onStep: stepReporter((line) => ctx.io.stderr.write(`${line}\n`), subject.kind),
  };
  let result: ForgetResult | ForgetContactResult | ForgetEmployeeResult;
  try {
    result =
      subject.kind === 'employee'
        ? await forgetEmployee(
            { ...origin, employeeId: subject.id },
            { ...deps, identifierKeyOf: privacy.identifierKeyOf },
          )
        : subject.kind === 'contact'
          ? await forgetContact({ ...origin, contactId: subject.id }, deps)
          : await forgetPerson(
              { ...origin, profileId: subject.id },
              { ...deps, directory: new ReadModelIdentifierDirectory(rm) },
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
    await privacy.close();
  }
  ctx.io.stdout.write(
    options.json
      ? toJson(result)
      : 'profileId' in result
        ? report(result)
        : 'contactId' in result
          ? contactReport(result)
          : employeeReport(result),
  );
  if (!result.complete) {
    throw new CliFailure(
      `The keys are deleted and ${FORGET_EVENT_OF[subject.kind]} is recorded, but not every read model processed it (or a file ` +
        'could not be scrubbed). Fix what is shown (a stopped projector, a faulted projection), then run the same command again.',
    );
  }
};
