import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { problem } from '@crm/platform/http/problems';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdentityReadModelMissing, ReadModelIdentifierDirectory } from '../directory/identifier-directory';
import { exportContact, type ContactExport } from '../export/export-contact';
import { exportPerson, type PersonExport } from '../export/export-person';
import { ContactNotFound, forgetContact, type ForgetContactResult } from '../forget/forget-contact';
import { EmployeeNotFound, forgetEmployee, type ForgetEmployeeResult } from '../forget/forget-employee';
import { exportEmployee, type EmployeeExport } from '../export/export-employee';
import { forgetPerson, ProfileNotFound, type ForgetResult } from '../forget/forget-person';
import { contactGdprStreamOf, gdprStreamOf } from '../forget/person-forgotten.events';
import type { PrivacyServices } from '../privacy-services';
import { createReadModelScrubber } from '../read-model-scrubber.factory';
import { ForgetPersonDto } from './forget-person.dto';
import { PRIVACY_OPTIONS, PRIVACY_SERVICES, type PrivacyModuleOptions } from './privacy.tokens';

const DEFAULT_FORGET_WAIT_MS = 30_000;

/** Another tenant's profile answers exactly like an unknown one (404): ids cannot be probed. */
const asProblem = (error: unknown, profileId: string): unknown => {
  if (error instanceof ProfileNotFound) return notFound('Profile', profileId);
  if (error instanceof ContactNotFound) return notFound('Contact', error.contactId);
  if (error instanceof EmployeeNotFound) return notFound('Employee', error.employeeId);
  if (error instanceof IdentityReadModelMissing) {
    return problem('not-caught-up', error.message, { headers: { 'Retry-After': '5' } });
  }
  return error;
};

const checkedProfileId = (tenantId: string, profileId: string): string => {
  try {
    gdprStreamOf(tenantId, profileId);
    return profileId;
  } catch {
    throw notFound('Profile', profileId);
  }
};

const checkedContactId = (tenantId: string, contactId: string): string => {
  try {
    contactGdprStreamOf(tenantId, contactId);
    return contactId;
  } catch {
    throw notFound('Contact', contactId);
  }
};

/** GDPR operations of the caller's tenant (ADR 0009): erasure and access. `ops` scope. */
@ApiTags('gdpr')
@Controller('v1/ops')
export class GdprController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(PRIVACY_SERVICES) private readonly privacy: PrivacyServices,
    @Inject(PRIVACY_OPTIONS) private readonly options: PrivacyModuleOptions,
  ) {}

  @Post('forget')
  @HttpCode(200)
  @RequireScopes('ops')
  @ApiOperation({
    summary:
      'Forget a B2C profile ({ profileId }), a B2B contact ({ contactId }) or an employee ({ employeeId }): delete its ' +
      'keys, record PersonForgotten / ContactForgotten / EmployeeForgotten, wait for the read models, scrub them',
    description:
      'Idempotent: forgetting twice answers 200 with alreadyForgotten: true. 202 when the keys are deleted and ' +
      'PersonForgotten is recorded but a read model has not processed it within the wait: send it again later.',
  })
  @ApiOkResponse({ description: 'ForgetResult with complete: true' })
  @ApiAcceptedResponse({ description: 'ForgetResult with complete: false (send the request again later)' })
  @ApiProblemResponse(404, 'No such profile (or contact, or employee) in this tenant')
  @ApiProblemResponse(503, 'The identity read model is not available yet')
  async forget(
    @Body() body: ForgetPersonDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ForgetResult | ForgetContactResult | ForgetEmployeeResult> {
    const given = [body.profileId, body.contactId, body.employeeId].filter((id) => id !== undefined);
    if (given.length !== 1) {
      throw problem('validation-failed', 'Give exactly one of profileId, contactId and employeeId', { status: 400 });
    }
    const common = {
      tenantId: auth.tenantId,
      source: 'http' as const,
      actor: auth.keyId,
      correlationId,
      vacuumFull: body.vacuumFull ?? false,
    };
    const settle = {
      store: this.store,
      keys: this.privacy.keys,
      readModels: this.rm,
      projections: this.options.projections,
      scrubber: createReadModelScrubber(this.rm, this.options.dataDir),
      waitTimeoutMs: this.options.forgetWaitMs ?? DEFAULT_FORGET_WAIT_MS,
    };
    const subjectId = body.employeeId ?? body.contactId ?? body.profileId!;
    try {
      const result =
        body.employeeId !== undefined
          ? await forgetEmployee(
              { ...common, employeeId: body.employeeId },
              { ...settle, identifierKeyOf: this.privacy.identifierKeyOf },
            )
          : body.contactId !== undefined
            ? await forgetContact({ ...common, contactId: checkedContactId(auth.tenantId, body.contactId) }, settle)
            : await forgetPerson(
                { ...common, profileId: checkedProfileId(auth.tenantId, body.profileId!) },
                { ...settle, directory: new ReadModelIdentifierDirectory(this.rm) },
              );
      if (!result.complete) void reply.status(202);
      return result;
    } catch (error) {
      throw asProblem(error, subjectId);
    }
  }

  @Get('profiles/:profileId/export')
  @RequireScopes('ops')
  @ApiOperation({
    summary: 'Everything held about a B2C profile (right of access): identifiers, events, read-model rows',
  })
  @ApiOkResponse({ description: 'PersonExport; status "forgotten" for a forgotten person' })
  @ApiProblemResponse(404, 'No such profile in this tenant')
  async export(@Param('profileId') profileId: string, @CurrentAuth() auth: AuthContext): Promise<PersonExport> {
    const id = checkedProfileId(auth.tenantId, profileId);
    try {
      return await exportPerson(auth.tenantId, id, {
        store: this.store,
        keys: this.privacy.keys,
        directory: new ReadModelIdentifierDirectory(this.rm),
        readModels: this.rm,
        projections: this.options.projections,
        identifierKeyOf: this.privacy.identifierKeyOf,
      });
    } catch (error) {
      throw asProblem(error, id);
    }
  }

  @Get('contacts/:contactId/export')
  @RequireScopes('ops')
  @ApiOperation({
    summary: 'Everything held about a B2B contact (right of access): its key, the events naming it, read-model rows',
  })
  @ApiOkResponse({ description: 'ContactExport; status "forgotten" for a forgotten contact' })
  @ApiProblemResponse(404, 'No such contact in this tenant')
  async exportContact(@Param('contactId') contactId: string, @CurrentAuth() auth: AuthContext): Promise<ContactExport> {
    const id = checkedContactId(auth.tenantId, contactId);
    try {
      return await exportContact(auth.tenantId, id, {
        store: this.store,
        keys: this.privacy.keys,
        readModels: this.rm,
        projections: this.options.projections,
      });
    } catch (error) {
      throw asProblem(error, id);
    }
  }

  @Get('employees/:employeeId/export')
  @RequireScopes('ops')
  @ApiOperation({
    summary:
      'Everything held about one of our employees (right of access): their key, the deals and approvals naming them, ' +
      'read-model rows',
  })
  @ApiOkResponse({ description: 'EmployeeExport; status "forgotten" for a forgotten employee' })
  @ApiProblemResponse(404, 'No such employee in this tenant')
  async exportEmployee(
    @Param('employeeId') employeeId: string,
    @CurrentAuth() auth: AuthContext,
  ): Promise<EmployeeExport> {
    try {
      return await exportEmployee(auth.tenantId, employeeId, {
        store: this.store,
        keys: this.privacy.keys,
        readModels: this.rm,
        projections: this.options.projections,
        identifierKeyOf: this.privacy.identifierKeyOf,
      });
    } catch (error) {
      throw asProblem(error, employeeId);
    }
  }
}
