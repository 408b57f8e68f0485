// Kiểm tra văn bản: a paper, a scan, a photo or a PDF of a document the program printed, checked
// by the verification code on its last page (or the short code typed from it) against the keys
// and the reports held here. The answer is one sentence, and the figures that differ.

import { useState } from "react";
import { commands, errorMessage } from "../api";
import type { VerificationView } from "../bindings/types";
import { chooseDocumentToVerify } from "../files";
import { t } from "../i18n/vi";
import { ErrorBanner } from "./GuideLink";

const v = t.verify;

export function VerifyDocument() {
  const [typed, setTyped] = useState("");
  const [result, setResult] = useState<VerificationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (input: string) => {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await commands.verify_document(input));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="verify-card">
      <h2>{v.title}</h2>
      <p className="hint">{v.lead}</p>
      <div className="actions left">
        <button
          className="secondary"
          data-testid="verify-file"
          disabled={busy}
          onClick={async () => {
            const path = await chooseDocumentToVerify();
            if (path) await check(path);
          }}
        >
          {v.chooseFile}
        </button>
        <label className="field inline">
          <span className="label">{v.codeLabel}</span>
          <input data-testid="verify-code" value={typed} placeholder="7KQ2-M9TX-4RCB" onChange={(e) => setTyped(e.target.value)} />
        </label>
        <button className="secondary" data-testid="verify-typed" disabled={busy || typed.trim() === ""} onClick={() => check(typed)}>
          {v.check}
        </button>
      </div>
      {busy && <p className="muted">{v.reading}</p>}
      <ErrorBanner message={error} testId="verify-error" />
      {result && (
        <div className={result.verdict === "matches" ? "notice" : "error-banner"} role="status" data-testid="verify-result" data-verdict={result.verdict}>
          <strong>{v.verdicts[result.verdict]}</strong> {result.sentence}
          <div className="muted">{v.shortCode(result.short_code)}</div>
          {result.differences.length > 0 && (
            <table className="table" data-testid="verify-differences">
              <thead>
                <tr><th>{v.indicator}</th><th>{v.printed}</th><th>{v.signed}</th></tr>
              </thead>
              <tbody>
                {result.differences.map((d) => (
                  <tr key={d.code}>
                    <td>{d.code}. {d.name}</td>
                    <td>{d.printed || v.blank}</td>
                    <td>{d.held || v.blank}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
