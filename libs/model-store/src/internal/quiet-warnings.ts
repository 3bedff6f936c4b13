import type { PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';

/** The SDK's logger interface. */
interface Logger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

/**
 * Drops the SDK's warnings for one command that streams a file. A stream cannot be sent twice,
 * so the SDK does not retry such a request and says so on the console; the failure itself is
 * what the caller gets, explained, so that line would only be noise.
 */
export function withoutSdkWarnings<C extends PutObjectCommand | UploadPartCommand>(command: C): C {
  // Both commands' stacks take the same middleware; one of them is named for the type checker.
  (command as PutObjectCommand).middlewareStack.add(
    (next, context) => (args) => {
      const target: Logger = context.logger ?? console;
      context.logger = {
        debug: (...content) => target.debug(...content),
        info: (...content) => target.info(...content),
        warn: () => undefined,
        error: (...content) => target.error(...content),
      };
      return next(args);
    },
    { step: 'initialize', name: 'meshWithoutSdkWarnings' },
  );
  return command;
}
