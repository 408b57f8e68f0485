// The pattern every page uses for a clerk's action: clear the last message, run it, show what it
// says it did (or nothing, when the clerk cancelled a dialog), or show why it failed. While an
// action runs, `busy` is true: the window stays usable (the work runs off its thread), so the
// page says that something is still going on.

import { useState } from "react";
import { errorMessage } from "./api";

export function useAction(after?: () => void) {
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(0);
  const run = async (action: () => Promise<string | null>) => {
    setNotice(null);
    setError(null);
    setRunning((n) => n + 1);
    try {
      setNotice(await action());
    } catch (e) {
      setError(e instanceof Error ? e.message : errorMessage(e));
    } finally {
      setRunning((n) => n - 1);
    }
    after?.();
  };
  return { notice, setNotice, error, setError, run, busy: running > 0 };
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
