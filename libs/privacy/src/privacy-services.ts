import type { DataKeyStore } from './keys/data-key-store.port';
import type { IdentifierKeyOf } from './protection/event-protection';

/** What forget and export need beside the event store and the read models: keys and identifier keys. */
export interface PrivacyServices {
  keys: DataKeyStore;
  identifierKeyOf: IdentifierKeyOf;
  close(): Promise<void>;
}
