// Phong trào thi đua: the movements this unit runs, each with its own indicator set and reports
// on the shared registers. The upper level starts one here; its set is then written below and
// goes down in the plan bundle.

import { useState } from "react";
import { commands } from "../api";
import type { MovementView } from "../bindings/types";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";

const m = t.movements;

export function Movements({ movements, current, onChanged }: { movements: MovementView[]; current: string; onChanged: () => void }) {
  const { notice, error, run } = useAction(onChanged);
  const [code, setCode] = useState("");
  const [name, setName] = useState("");
  const add = () =>
    run(async () => {
      const started = await commands.add_movement({ code, name });
      setCode("");
      setName("");
      return m.started(started.name);
    });
  return (
    <section className="card" data-testid="movements">
      <h2>{m.title}</h2>
      <p className="hint">{m.lead}</p>
      <table className="table" data-testid="movement-table">
        <thead>
          <tr><th>{m.code}</th><th>{m.name}</th><th className="num">{m.indicators}</th></tr>
        </thead>
        <tbody>
          {movements.map((x) => (
            <tr key={x.code} className={x.code === current ? "selected" : undefined}>
              <td>{x.code}</td>
              <td>{x.name}{x.code === current && <span className="muted"> ({m.onScreen})</span>}</td>
              <td className="num">{x.indicators}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notice && <p className="notice" data-testid="movement-notice">{notice}</p>}
      {error && <p className="error" data-testid="movement-error">{error}</p>}
      <div className="form-grid">
        <label className="field"><span className="label">{m.name}</span><input data-testid="new-movement-name" placeholder={m.nameHint} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <label className="field"><span className="label">{m.code}</span><input data-testid="new-movement-code" placeholder={m.codeHint} value={code} onChange={(e) => setCode(e.target.value)} /></label>
      </div>
      <button className="secondary" data-testid="new-movement-add" onClick={() => void add()}>{m.start}</button>
    </section>
  );
}
