import { useState } from "react";
import { commands, errorMessage } from "../api";
import type { AppState } from "../bindings/types";
import { chooseBackupSource, isCopy } from "../files";
import { t } from "../i18n/vi";
import { ErrorBanner } from "../components/GuideLink";

type Props = { state: AppState; onSetupOwn: () => void; onDone: (message?: string) => void };

/** First launch with no installation: set up one's own unit, or look around with sample data. */
export function Welcome({ state, onSetupOwn, onDone }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const useSample = async () => {
    setBusy(true);
    try {
      await commands.install_sample();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };

  // A new laptop: the copy from the old one (or a backup) brings the whole installation back.
  // A copy asks first for the code written on the stick's label.
  const [copyPath, setCopyPath] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const restore = async (path: string, code: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const outcome = await commands.restore(path, code);
      onDone(outcome.message);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  const restoreCopy = async () => {
    const path = await chooseBackupSource();
    if (!path) return;
    if (isCopy(path)) setCopyPath(path);
    else await restore(path, null);
  };

  return (
    <main className="welcome">
      <h1>{t.welcome.title}</h1>
      <p className="lead">{t.welcome.lead}</p>
      <ErrorBanner message={error} />
      <div className="welcome-choices">
        <button className="choice primary" data-testid="setup-own" onClick={onSetupOwn} disabled={busy}>
          <strong>{t.welcome.setupOwn}</strong>
          <span>{t.welcome.setupOwnHint}</span>
        </button>
        <button className="choice" data-testid="use-sample" onClick={useSample} disabled={busy}>
          <strong>{t.welcome.useSample}</strong>
          <span>{t.welcome.useSampleHint}</span>
        </button>
        <button className="choice" data-testid="restore-copy" onClick={restoreCopy} disabled={busy}>
          <strong>{t.welcome.restoreCopy}</strong>
          <span>{t.welcome.restoreCopyHint}</span>
        </button>
      </div>
      {copyPath && (
        <form
          className="card"
          data-testid="copy-code-form"
          onSubmit={(e) => {
            e.preventDefault();
            void restore(copyPath, code);
          }}
        >
          <p>{copyPath}</p>
          <label className="field">
            <span className="label">{t.welcome.copyCode}</span>
            <input data-testid="copy-code" autoFocus value={code} onChange={(e) => setCode(e.target.value)} placeholder="XXXX-XXXX-XXXX-XXXX" />
          </label>
          <div className="actions left">
            <button className="primary" data-testid="restore-copy-go" type="submit" disabled={busy}>{t.welcome.restoreGo}</button>
            <button className="secondary" type="button" onClick={() => setCopyPath(null)}>{t.confirm.cancel}</button>
          </div>
        </form>
      )}
      <p className="muted">{t.welcome.catalogue(state.catalogue_units)}</p>
    </main>
  );
}
