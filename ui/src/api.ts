// The UI's only door to Rust: the generated command functions, plus error handling.

import type { ApiError } from "./bindings/types";
import { t } from "./i18n/vi";

export * as commands from "./bindings/commands";

/** Whether a rejected promise carries our `{ code, message }` error. */
export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The Vietnamese message to show for any failure. */
export function errorMessage(e: unknown): string {
  return isApiError(e) ? e.message : t.errors.unexpected;
}
