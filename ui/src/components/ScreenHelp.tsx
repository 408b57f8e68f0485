// The "?" of every area: what the screen is for, what to do next, and where the user guide
// tells more. The text comes from the guide's own source (the Rust side), so the panel and the
// printed guide never say different things.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { ScreenHelpView } from "../bindings/types";
import { t } from "../i18n/vi";

export function ScreenHelp({ area }: { area: string }) {
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState<ScreenHelpView | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Another area, another text: close and read again when the clerk moves on.
  useEffect(() => {
    setOpen(false);
    setHelp(null);
    setError(null);
  }, [area]);
  useEffect(() => {
    if (open && !help) commands.screen_help(area).then(setHelp, (e) => setError(errorMessage(e)));
  }, [open, help, area]);

  return (
    <>
      <button
        className="help-button"
        data-testid="help-open"
        aria-expanded={open}
        aria-label={t.help.open}
        title={t.help.open}
        onClick={() => setOpen(!open)}
      >
        ? {t.help.button}
      </button>
      {open && (
        <aside className="help-panel" data-testid="help-panel" aria-label={t.help.title} onKeyDown={(e) => e.key === "Escape" && setOpen(false)}>
          <h2>{t.help.title}</h2>
          {error && <p className="error" role="alert">{error}</p>}
          {help && (
            <>
              <p data-testid="help-purpose">{help.purpose}</p>
              <h3>{t.help.next}</h3>
              <ol>
                {help.next.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
              <h3>{t.help.guide}</h3>
              <ul data-testid="help-sections">
                {help.sections.map((s) => (
                  <li key={s.number}>{t.help.section(s.number, s.title)}</li>
                ))}
              </ul>
            </>
          )}
          <button className="secondary" autoFocus data-testid="help-close" onClick={() => setOpen(false)}>
            {t.help.close}
          </button>
        </aside>
      )}
    </>
  );
}
