/** Every failure a person can cause has a code; adapters map codes to an ephemeral reply or a card. */
export type AppErrorCode =
  | "usage"
  | "unknown_command"
  | "unknown_account"
  | "ambiguous_account"
  | "unknown_nudge"
  | "unknown_complaint"
  | "invalid_argument"
  | "forbidden"
  | "conflict"
  | "not_found";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** Extra lines for the person: suggestions, the usage line. */
    readonly hints: string[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
