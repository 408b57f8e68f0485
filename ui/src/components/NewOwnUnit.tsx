// Setup of a unit beyond the statistics list (a residential-area committee or a member
// organisation with its own laptop): it is defined here below the unit it reports to, then
// chosen like any other. Its ward or commune defines the same code on its side.

import { useState } from "react";
import { commands, errorMessage } from "../api";
import type { Unit } from "../bindings/types";
import { t } from "../i18n/vi";

const KINDS: Record<string, string> = { khu_dan_cu: "khu-dan-cu", to_chuc_thanh_vien: "to-chuc-thanh-vien" };

/** Whether units of `level` are defined by the clerk rather than found in the list. */
export function isOwnLevel(level: string): boolean {
  return level in KINDS;
}

export function NewOwnUnit({ level, onDefined }: { level: string; onDefined: (u: Unit) => void }) {
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [parent, setParent] = useState("");
  const [error, setError] = useState<string | null>(null);
  const define = () =>
    commands
      .add_own_unit({ code, name, kind: KINDS[level], parent })
      .then((u) => (setError(null), onDefined(u)))
      .catch((e) => setError(errorMessage(e)));
  return (
    <div data-testid="new-own-unit">
      <p className="hint">{t.setup.ownUnitLead}</p>
      <div className="form-grid">
        <label className="field"><span className="label">{t.ownUnits.name}</span><input data-testid="own-name" placeholder={t.ownUnits.nameHint} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span className="label">{t.ownUnits.code}</span><input data-testid="own-code" placeholder={t.ownUnits.codeHint} value={code} onChange={(e) => setCode(e.target.value)} /></label>
        <label className="field"><span className="label">{t.setup.ownUnitParent}</span><input data-testid="own-parent" placeholder="14797" value={parent} onChange={(e) => setParent(e.target.value)} /></label>
      </div>
      {error && <p className="error" data-testid="own-unit-error">{error}</p>}
      <button type="button" className="secondary" data-testid="own-define" onClick={() => void define()}>{t.setup.ownUnitDefine}</button>
    </div>
  );
}
