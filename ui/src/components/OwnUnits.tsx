// Đơn vị trực thuộc tự khai báo: the member organisations and residential-area committees a
// unit hears from, beyond the statistics office's list. Once one exists, the unit sees the
// Tổng hợp area and sends them the Excel template like any unit below.

import { useCallback, useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { Installation, Unit } from "../bindings/types";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";

const o = t.ownUnits;
const OWN_LEVELS = ["khu_dan_cu", "to_chuc_thanh_vien"];

export function OwnUnits({ installation, onAdded }: { installation: Installation; onAdded: () => void }) {
  const [units, setUnits] = useState<Unit[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      commands
        .list_units({ search: null, level: null, parent_id: installation.unit.id, include_retired: false, limit: null })
        .then((all) => setUnits(all.filter((u) => OWN_LEVELS.includes(u.level))), (e) => setLoadError(errorMessage(e))),
    [installation.unit.id],
  );
  useEffect(() => void load(), [load]);
  const { notice, error, run } = useAction(load);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const [kind, setKind] = useState("khu-dan-cu");
  const add = () =>
    run(async () => {
      const unit = await commands.add_own_unit({ code, name, kind, parent: null });
      setCode("");
      setName("");
      onAdded();
      return o.added(unit.name, unit.code);
    });
  return (
    <section className="card" data-testid="own-units">
      <h2>{o.title}</h2>
      <p className="hint">{o.lead}</p>
      {loadError && <p className="error">{loadError}</p>}
      {notice && <p className="notice" data-testid="own-units-notice">{notice}</p>}
      {error && <p className="error" data-testid="own-units-error">{error}</p>}
      {units.length > 0 && (
        <table className="table" data-testid="own-units-table">
          <thead>
            <tr><th>{o.code}</th><th>{o.name}</th><th>{o.kind}</th></tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id}><td>{u.code}</td><td>{u.name}</td><td>{u.level === "khu_dan_cu" ? o.kinds["khu-dan-cu"] : o.kinds["to-chuc-thanh-vien"]}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="form-grid">
        <label className="field">
          <span className="label">{o.kind}</span>
          <select data-testid="own-unit-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {Object.entries(o.kinds).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </label>
        <label className="field"><span className="label">{o.code}</span><input data-testid="own-unit-code" placeholder={o.codeHint} value={code} onChange={(e) => setCode(e.target.value)} /></label>
        <label className="field"><span className="label">{o.name}</span><input data-testid="own-unit-name" placeholder={o.nameHint} value={name} onChange={(e) => setName(e.target.value)} /></label>
      </div>
      <button className="secondary" data-testid="own-unit-add" onClick={() => void add()}>{o.add}</button>
    </section>
  );
}
