/** JSON Schema of the contract, generated from the schemas the validator runs: for OpenAPI and the catalog. */
import {
  b2bSubjectSchema,
  b2cSubjectSchema,
  channelSchema,
  eventIdSchema,
  occurredAtSchema,
} from './customer-event.envelope';
import {
  acceptedVersionsOf,
  CUSTOMER_EVENT_CONTRACTS,
  CUSTOMER_EVENT_TYPES,
  customerEventContract,
  type CustomerEventType,
} from './customer-event.schemas';
import type { JsonSchema } from './schema/schema';
import { MAX_EVENTS_PER_REQUEST } from './validate-customer-events';

/**
 * One version of one type. The current version of a type that has had others requires `schemaVersion`
 * (absent means 1); version 1 takes it optionally; superseded versions are marked deprecated.
 */
export const customerEventJsonSchema = (
  type: CustomerEventType,
  schemaVersion = CUSTOMER_EVENT_CONTRACTS[type].schemaVersion,
): JsonSchema => {
  const contract = customerEventContract(type, schemaVersion);
  if (!contract) throw new Error(`${type} has no version ${schemaVersion}`);
  const current = CUSTOMER_EVENT_CONTRACTS[type].schemaVersion;
  const subjects = { b2c: [b2cSubjectSchema], b2b: [b2bSubjectSchema], any: [b2cSubjectSchema, b2bSubjectSchema] }[
    contract.subject
  ].map((s) => s.jsonSchema);
  return {
    type: 'object',
    title: `${type} v${schemaVersion}${schemaVersion < current ? ` (superseded by v${current})` : ''}`,
    ...(schemaVersion < current && { deprecated: true }),
    required: [
      'eventId',
      'type',
      ...(schemaVersion > 1 ? ['schemaVersion'] : []),
      'occurredAt',
      'subject',
      'properties',
    ],
    additionalProperties: false,
    properties: {
      eventId: eventIdSchema.jsonSchema,
      type: { type: 'string', enum: [type] },
      schemaVersion: {
        type: 'integer',
        enum: [schemaVersion],
        description:
          schemaVersion === 1 ? 'Version of the properties schema; absent means 1' : 'Version of the properties schema',
      },
      occurredAt: occurredAtSchema(0).jsonSchema,
      subject: subjects.length === 1 ? subjects[0] : { oneOf: subjects },
      channel: channelSchema.jsonSchema,
      properties: contract.properties.jsonSchema,
    },
  };
};

/** One event of any type, in any version publishers may send. */
export const anyCustomerEventJsonSchema = (): JsonSchema => ({
  oneOf: CUSTOMER_EVENT_TYPES.flatMap((type) =>
    acceptedVersionsOf(type).map((version) => customerEventJsonSchema(type, version)),
  ),
});

/** The body of `POST /v1/events`: one event, or an array of 1 to 1,000. */
export const customerEventBatchJsonSchema = (): JsonSchema => {
  const event = anyCustomerEventJsonSchema();
  return {
    oneOf: [event, { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: event }],
  };
};
