import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { customerEventBatchJsonSchema } from '../customer-event.json-schema';

const resultSchema: SchemaObject = {
  type: 'object',
  required: ['accepted', 'events', 'firstPosition', 'lastPosition'],
  properties: {
    accepted: { type: 'integer', example: 2 },
    events: {
      type: 'array',
      description: 'Every event of the request, in request order, with its position in the global log',
      items: {
        type: 'object',
        required: ['eventId', 'position'],
        properties: { eventId: { type: 'string', format: 'uuid' }, position: { type: 'integer' } },
      },
    },
    firstPosition: { type: 'integer' },
    lastPosition: { type: 'integer', description: 'Pass as `minPosition` to queries to read your writes' },
  },
};

/** OpenAPI of `POST /v1/events`; the body schema is generated from the validator's own schemas. */
export const IngestCustomerEventsApi = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({
      summary: 'Ingest customer events (contract v1)',
      description:
        'One event object or an array of 1 to 1,000, stored all or nothing in the tenant’s ingest stream. ' +
        'Retrying the same request returns the same positions. Every type and field: docs/event-catalog.md.',
    }),
    ApiBody({ schema: customerEventBatchJsonSchema() as SchemaObject }),
    ApiOkResponse({ description: 'Stored (or already stored by an identical earlier request)', schema: resultSchema }),
    ApiProblemResponse(400, 'Malformed JSON, or a forbidden key such as __proto__ or constructor (malformed-request)'),
    ApiProblemResponse(401, 'No API key, or an unknown one (unauthorized)'),
    ApiProblemResponse(403, 'The key lacks the events:write scope (forbidden)'),
    ApiProblemResponse(409, 'An eventId was already used for other content, or the request mixes stored and new ids'),
    ApiProblemResponse(413, 'Body over the size limit, more than 1,000 events, or one event over 1 MiB'),
    ApiProblemResponse(415, 'Content-Type is not application/json (unsupported-media-type)'),
    ApiProblemResponse(422, 'An event breaks the contract; errors[] points at every offending field'),
  );
