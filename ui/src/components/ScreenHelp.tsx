// The "?" of every area: what the screen is for, what to do next, and where the user guide
// tells more; each of those sections reads here, as printed, and the printed guide opens from
// here. The text comes from the guide's own source (the Rust side), so the panel and the
// printed guide never say different things. A refusal's guide pointer opens the panel at its
// section (GuideLink).

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { GuideSectionText, ScreenHelpView } from "../bindings/types";
import { t } from "../i18n/vi";
import { GUIDE_EVENT } from "./GuideLink";

export function ScreenHelp({ area }: { area: string }) {
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState<ScreenHelpView | null>(null);
  const [reading, setReading] = useState<GuideSectionText | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Another area, another text: close and read again when the clerk moves on.
  useEffect(() => {
    setOpen(false);
    setHelp(null);
    setReading(null);
    setError(null);
  }, [area]);
  useEffect(() => {
    if (open && !help) commands.screen_help(area).then(setHelp, (e) => setError(errorMessage(e)));
  }, [open, help, area]);

  const read = (number: string) => {
    setOpened(null);
    setError(null);
    commands.guide_section(number).then(setReading, (e) => setError(errorMessage(e)));
  };
  // A refusal's "Xem Hướng dẫn sử dụng, mục N" opens the panel at that section.
  useEffect(() => {
    const onPointer = (e: Event) => {
      setOpen(true);
      read((e as CustomEvent<string>).detail);
    };
    window.addEventListener(GUIDE_EVENT, onPointer);
    return () => window.removeEventListener(GUIDE_EVENT, onPointer);
  }, []);
  const openPrinted = (number: string | null) => {
    setError(null);
    commands.open_guide(number).then(setOpened, (e) => setError(errorMessage(e)));
  };

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
          {reading ? (
            <GuideReading section={reading} onBack={() => (setReading(null), setOpened(null))} onPrinted={() => openPrinted(reading.number)} />
          ) : (
            <>
              <h2>{t.help.title}</h2>
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
                      <li key={s.number}>
                        <button type="button" className="link" data-testid={`help-section-${s.number}`} title={t.help.readSection} onClick={() => read(s.number)}>
                          {t.help.section(s.number, s.title)}
                        </button>
                      </li>
                    ))}
                  </ul>
                  <button type="button" className="secondary" data-testid="help-open-guide" onClick={() => openPrinted(null)}>
                    {t.help.openPrinted}
                  </button>
                </>
              )}
            </>
          )}
          {error && <p className="error" role="alert" data-testid="help-error">{error}</p>}
          {opened && <p className="notice" role="status" data-testid="help-opened">{opened}</p>}
          <button className="secondary" autoFocus data-testid="help-close" onClick={() => setOpen(false)}>
            {t.help.close}
          </button>
        </aside>
      )}
    </>
  );
}

/** A section of the guide as printed: its text, steps and notes, each picture by its caption. */
function GuideReading({ section, onBack, onPrinted }: { section: GuideSectionText; onBack: () => void; onPrinted: () => void }) {
  return (
    <article className="guide-reading" data-testid="help-reading">
      <h2>{t.help.section(section.number, section.title)}</h2>
      {section.parts.map((part, i) => {
        switch (part.kind) {
          case "text":
            return <p key={i}>{part.text}</p>;
          case "heading":
            return <h3 key={i}>{part.text}</h3>;
          case "steps":
            return (
              <ol key={i}>
                {part.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
            );
          case "note":
            return (
              <p key={i} className="guide-note">
                {part.text}
              </p>
            );
          case "figure":
            return (
              <p key={i} className="guide-figure">
                {t.help.figure(part.caption)}
              </p>
            );
        }
      })}
      <div className="actions">
        <button type="button" className="secondary" data-testid="help-back" onClick={onBack}>
          {t.help.back}
        </button>
        <button type="button" data-testid="help-open-pdf" onClick={onPrinted}>
          {t.help.openPrinted}
        </button>
      </div>
    </article>
  );
}
