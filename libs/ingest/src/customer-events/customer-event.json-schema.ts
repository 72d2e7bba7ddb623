/** JSON Schema of the contract, generated from the schemas the validator runs: for OpenAPI and the catalog. */
import {
  b2bSubjectSchema,
  b2cSubjectSchema,
  channelSchema,
  eventIdSchema,
  occurredAtSchema,
} from './customer-event.envelope';
import { CUSTOMER_EVENT_CONTRACTS, CUSTOMER_EVENT_TYPES, type CustomerEventType } from './customer-event.schemas';
import type { JsonSchema } from './schema/schema';
import { MAX_EVENTS_PER_REQUEST } from './validate-customer-events';

export const customerEventJsonSchema = (type: CustomerEventType): JsonSchema => {
  const contract = CUSTOMER_EVENT_CONTRACTS[type];
  const subjects = { b2c: [b2cSubjectSchema], b2b: [b2bSubjectSchema], any: [b2cSubjectSchema, b2bSubjectSchema] }[
    contract.subject
  ].map((s) => s.jsonSchema);
  return {
    type: 'object',
    title: `${type} v${contract.schemaVersion}`,
    required: ['eventId', 'type', 'occurredAt', 'subject', 'properties'],
    additionalProperties: false,
    properties: {
      eventId: eventIdSchema.jsonSchema,
      type: { type: 'string', enum: [type] },
      occurredAt: occurredAtSchema(0).jsonSchema,
      subject: subjects.length === 1 ? subjects[0] : { oneOf: subjects },
      channel: channelSchema.jsonSchema,
      properties: contract.properties.jsonSchema,
    },
  };
};

/** One event of any type. */
export const anyCustomerEventJsonSchema = (): JsonSchema => ({
  oneOf: CUSTOMER_EVENT_TYPES.map(customerEventJsonSchema),
});

/** The body of `POST /v1/events`: one event, or an array of 1 to 1,000. */
export const customerEventBatchJsonSchema = (): JsonSchema => {
  const event = anyCustomerEventJsonSchema();
  return {
    oneOf: [event, { type: 'array', minItems: 1, maxItems: MAX_EVENTS_PER_REQUEST, items: event }],
  };
};
