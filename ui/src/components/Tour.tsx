// The sample installation's guided path: one step per area of the window, in the sidebar's
// order, each saying what the area is for (the same text as its «? Hướng dẫn», from the user
// guide's source). Skippable at every step; finished or skipped, it is never shown again (the
// database keeps that, so it holds on this laptop whatever the window's storage does); the
// clerk is then back on Trang chủ.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { ScreenHelpView } from "../bindings/types";
import { t } from "../i18n/vi";

type Props<A extends string> = {
  areas: A[];
  onArea: (area: A) => void;
  onDone: () => void;
};

export function Tour<A extends string>({ areas, onArea, onDone }: Props<A>) {
  const [step, setStep] = useState(0);
  const [help, setHelp] = useState<ScreenHelpView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const area = areas[step];

  useEffect(() => {
    onArea(area);
    setHelp(null);
    commands.screen_help(area).then(setHelp, (e) => setError(errorMessage(e)));
  }, [area, onArea]);

  const finish = () => {
    commands.finish_tour().then(onDone, (e) => setError(errorMessage(e)));
  };
  const last = step + 1 === areas.length;

  return (
    <section className="tour" role="dialog" aria-label={t.tour.title} data-testid="tour">
      <p className="tour-step">{t.tour.step(step + 1, areas.length)}</p>
      <h2 data-testid="tour-area">{t.nav[area as keyof typeof t.nav]}</h2>
      {help && <p data-testid="tour-purpose">{help.purpose}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions">
        <button className="secondary" data-testid="tour-skip" onClick={finish}>
          {t.tour.skip}
        </button>
        <button className="primary" autoFocus data-testid="tour-next" onClick={() => (last ? finish() : setStep(step + 1))}>
          {last ? t.tour.done : t.tour.next}
        </button>
      </div>
    </section>
  );
}
