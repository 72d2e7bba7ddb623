import type { Command } from '@nestjs/cqrs';

/**
 * What the importer and the demo seed need to send commands: satisfied by Nest's CommandBus in the
 * API and by `LocalCommandDispatcher` in the CLI, which has no dependency injection.
 */
export interface CommandDispatcher {
  execute<R>(command: Command<R>): Promise<R>;
}

interface Handles<C> {
  execute(command: C): Promise<unknown>;
}

type CommandClass = abstract new (...args: never[]) => object;

/** Routes a command to the handler registered for its class, like CommandBus, without a container. */
export class LocalCommandDispatcher implements CommandDispatcher {
  private readonly handlers = new Map<CommandClass, Handles<object>>();

  register<C extends object>(commandClass: abstract new (...args: never[]) => C, handler: Handles<C>): this {
    this.handlers.set(commandClass, handler as Handles<object>);
    return this;
  }

  execute<R>(command: Command<R>): Promise<R> {
    const handler = this.handlers.get(command.constructor as CommandClass);
    if (!handler) throw new Error(`No handler for ${command.constructor.name}`);
    return handler.execute(command) as Promise<R>;
  }
}
