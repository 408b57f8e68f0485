// An inline confirmation: the question, an optional reason, and two buttons. Used instead of
// the browser's confirm()/prompt(), which the native dialog plugin takes over and tests cannot
// answer.

import { useState } from "react";
import { t } from "../i18n/vi";

type Props = {
  question: string;
  /** Ask for a reason, with this label. */
  reasonLabel?: string;
  confirmLabel: string;
  testId: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
};

export function Confirm({ question, reasonLabel, confirmLabel, testId, onConfirm, onCancel }: Props) {
  const [reason, setReason] = useState("");
  return (
    <div className="confirm" role="alertdialog" data-testid={testId} onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <p>{question}</p>
      {reasonLabel && (
        <label className="field">
          <span className="label">{reasonLabel}</span>
          <input data-testid={`${testId}-reason`} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <div className="actions">
        {/* The keyboard lands on the harmless choice. */}
        <button className="secondary" autoFocus={!reasonLabel} onClick={onCancel}>{t.confirm.cancel}</button>
        <button className="primary" data-testid={`${testId}-yes`} onClick={() => onConfirm(reason)}>{confirmLabel}</button>
      </div>
    </div>
  );
}
