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
