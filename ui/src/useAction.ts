// The pattern every page uses for a clerk's action: clear the last message, run it, show what it
// says it did (or nothing, when the clerk cancelled a dialog), or show why it failed.

import { useState } from "react";
import { errorMessage } from "./api";

export function useAction(after?: () => void) {
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<string | null>) => {
    setNotice(null);
    setError(null);
    try {
      setNotice(await action());
    } catch (e) {
      setError(errorMessage(e));
    }
    after?.();
  };
  return { notice, setNotice, error, setError, run };
}

/**
 * Shows the answer to a call made for what the page shows now, and drops an answer that
 * arrives after the page moved on (another period chosen, another option typed): calls may
 * finish out of order. Returns the effect's cleanup, so an effect reads
 * `useEffect(() => showLatest(commands.report(period), setView, setError), [period])`.
 */
export function showLatest<T>(call: Promise<T>, show: (value: T) => void, fail: (e: unknown) => void): () => void {
  let current = true;
  call.then(
    (value) => current && show(value),
    (e) => current && fail(e),
  );
  return () => {
    current = false;
  };
}
