import { Fragment, useCallback, useEffect, useState } from "react";
import { commands, isApiError } from "./api";
import type { ApiError, AppState } from "./bindings/types";
import { t } from "./i18n/vi";
import { Home, Settings } from "./pages/Areas";
import { Consolidation } from "./pages/Consolidation";
import { ScreenHelp } from "./components/ScreenHelp";
import { Tour } from "./components/Tour";
import { Exchange } from "./pages/Exchange";
import { Plans } from "./pages/Plans";
import { Report } from "./pages/Report";
import { Registers } from "./pages/Registers";
import { Setup } from "./pages/Setup";
import { Welcome } from "./pages/Welcome";
import { YearEnd } from "./pages/YearEnd";

type Area = keyof typeof t.nav;
const AREAS: Area[] = ["home", "plans", "registers", "reports", "exchange", "consolidation", "yearEnd", "settings"];
// Areas for an installation with units below it (the upper level's work).
const UPPER_AREAS: Area[] = ["consolidation"];

export function App() {
  const [state, setState] = useState<AppState | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [area, setArea] = useState<Area>("home");
  // The setup form: first run (no installation yet) or editing the header and signer.
  const [setupOpen, setSetupOpen] = useState(false);
  // What a restore said (the new key to have enrolled, say), shown on the home page after it.
  const [flash, setFlash] = useState<string | null>(null);
  // Bundles the app was opened with (a double-clicked .thidua file), for the exchange screen.
  const [opened, setOpened] = useState<string[]>([]);

  const reload = useCallback((message?: string) => {
    commands
      .app_state()
      .then((s) => (setState(s), setSetupOpen(false), setArea("home"), setFlash(message ?? null)))
      .catch((e) => setFatal(isApiError(e) ? e : { code: "internal", message: t.errors.unexpected, fields: [] }));
  }, []);
  // The state again where the clerk is (a unit defined below this one brings Tổng hợp in).
  const refreshState = useCallback(() => {
    commands.app_state().then(setState, () => undefined);
  }, []);
  // First launch of the window: the state, then any bundle the app was opened with.
  useEffect(() => {
    commands
      .app_state()
      .then((s) => (setState(s), commands.opened_files()))
      .then((files) => {
        if (files.length > 0) {
          setOpened(files);
          setArea("exchange");
        }
      })
      .catch((e) => setFatal(isApiError(e) ? e : { code: "internal", message: t.errors.unexpected, fields: [] }));
  }, []);

  if (fatal) {
    return (
      <main className="welcome" role="alert" data-testid="fatal">
        <h1>{fatal.code === "schema_too_new" ? t.errors.schemaTooNew : t.errors.title}</h1>
        <p>{fatal.message}</p>
      </main>
    );
  }
  if (!state) return <main className="welcome">{t.loading}</main>;

  const installation = state.installation;
  const shown = AREAS.filter((a) => !UPPER_AREAS.includes(a) || state.has_units_below);
  if (setupOpen) return <Setup existing={installation} onDone={() => reload()} onBack={() => setSetupOpen(false)} />;
  if (!installation) return <Welcome state={state} onSetupOwn={() => setSetupOpen(true)} onDone={reload} />;

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t.appName}>
        <div className="brand">
          <strong>{t.appName}</strong>
          <span data-testid="movement-name">{t.appTagline(state.movements.find((m) => m.code === state.movement)?.name ?? "")}</span>
        </div>
        {state.movements.length > 1 && (
          <label className="movement-pick">
            <span>{t.movements.pick}</span>
            <select data-testid="movement-select" value={state.movement} onChange={(e) => void commands.set_movement(e.target.value).then(refreshState)}>
              {state.movements.map((m) => (
                <option key={m.code} value={m.code}>{m.name}</option>
              ))}
            </select>
          </label>
        )}
        {shown.map((a) => (
          <button key={a} data-testid={`nav-${a}`} className={a === area ? "nav active" : "nav"} onClick={() => setArea(a)}>
            {t.nav[a]}
          </button>
        ))}
        <ScreenHelp area={area} />
        <div className="sidebar-foot">
          <span data-testid="nav-unit">{state.unit_full_name ?? installation.unit.name}</span>
          {state.is_sample && <span className="badge">{t.sampleBadge}</span>}
        </div>
      </nav>
      {/* Keyed by the movement: every page reads its data again when the clerk changes it. */}
      <Fragment key={state.movement}>
      {area === "home" && <Home installation={installation} unitName={state.unit_full_name ?? installation.unit.name} parentName={state.parent_full_name} flash={flash} />}
      {area === "plans" && <Plans unitCode={installation.unit.code} />}
      {area === "registers" && <Registers />}
      {area === "reports" && <Report />}
      {area === "exchange" && <Exchange installation={installation} opened={opened} onOpenedTaken={() => setOpened([])} />}
      {area === "consolidation" && <Consolidation installation={installation} movements={state.movements} movement={state.movement} onMovementsChanged={refreshState} />}
      {area === "yearEnd" && <YearEnd upper={state.has_units_below} hasParent={installation.parent !== null} />}
      {area === "settings" && <Settings installation={installation} onEdit={() => setSetupOpen(true)} onRestored={reload} onUnitsChanged={refreshState} />}
      </Fragment>
      {state.tour_pending && <Tour areas={shown} onArea={setArea} onDone={() => (setArea("home"), refreshState())} />}
    </div>
  );
}
