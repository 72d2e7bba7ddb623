import { Command } from '@nestjs/cqrs';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { IdentifierType } from '../domain/identifier';

export type UnmergeProfileResult = { profileId: string } & CommandResult;

/** Detach identifiers from a profile that a wrong merge put there; their history follows them. */
export class UnmergeProfile extends Command<UnmergeProfileResult> {
  constructor(
    readonly tenantId: string,
    readonly profileId: string,
    readonly identifiers: readonly { type: IdentifierType; value: string }[],
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
