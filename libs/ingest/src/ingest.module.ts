import { Module } from '@nestjs/common';
import { IngestCustomerEventsController } from './customer-events/ingest-customer-events/ingest-customer-events.controller';
import { IngestCustomerEventsHandler } from './customer-events/ingest-customer-events/ingest-customer-events.handler';

/**
 * The customer-event ingest front door. Needs the global EventStoreModule and CqrsModule.forRoot()
 * from the application root; the Kafka consumer (a later issue) dispatches the same command.
 */
@Module({
  controllers: [IngestCustomerEventsController],
  providers: [IngestCustomerEventsHandler],
})
export class IngestModule {}
