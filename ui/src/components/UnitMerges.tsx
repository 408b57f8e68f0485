// Sáp nhập đơn vị: the merger list of 1 July 2025 (old wards and communes into the new ones),
// imported after both unit lists, and a commune's history across the change: the old units it
// came from and its figures period by period, those before the merger summed over the old units
// counted under it.

import { useState } from "react";
import { commands } from "../api";
import type { UnitHistory } from "../bindings/types";
import { chooseUnitList } from "../files";
import { formatInteger } from "../format";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";

const m = t.merges;

export function UnitMerges() {
  const { notice, error, run } = useAction();
  const [effective, setEffective] = useState("01/07/2025");
  const [code, setCode] = useState("");
  const [history, setHistory] = useState<UnitHistory | null>(null);
  const importList = () =>
    run(async () => {
      const path = await chooseUnitList();
      if (!path) return null;
      const d = await commands.import_merges(path, effective);
      return (
        m.imported(d.source_name, d.effective_on, d.new_units, d.old_units, d.divided, d.districts_retired, d.repeated_rows.length) +
        (d.unclear.length > 0 ? ` ${m.unclear(d.unclear.length)} ${d.unclear.join("; ")}.` : "")
      );
    });
  const show = () =>
    run(async () => {
      setHistory(null);
      setHistory(await commands.unit_history(code));
      return null;
    });
  // Indicators with a figure in some period: the comparison across the change.
  const shown = history ? history.periods.filter((p) => p.reported > 0) : [];
  const indicators = history && shown.length > 0 ? shown[0].figures.filter((_, i) => shown.some((p) => p.figures[i].value !== null)) : [];
  return (
    <section className="card" data-testid="unit-merges">
      <h2>{m.title}</h2>
      <p className="hint">{m.lead}</p>
      <div className="form-grid">
        <label className="field">
          <span className="label">{m.effective}</span>
          <input data-testid="merges-effective" value={effective} onChange={(e) => setEffective(e.target.value)} />
        </label>
      </div>
      <button className="secondary" data-testid="merges-import" onClick={() => void importList()}>{m.import}</button>
      {notice && <p className="notice" data-testid="merges-notice">{notice}</p>}
      {error && <p className="error" data-testid="merges-error">{error}</p>}
      <h3>{m.historyTitle}</h3>
      <div className="form-grid">
        <label className="field">
          <span className="label">{m.code}</span>
          <input data-testid="history-code" placeholder={m.codeHint} value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
      </div>
      <button className="secondary" data-testid="history-show" onClick={() => void show()}>{m.show}</button>
      {history && (
        <div data-testid="unit-history">
          <p className="lead" data-testid="history-summary">{history.summary}</p>
          {history.came_from.length > 0 && (
            <table className="table" data-testid="history-sources">
              <thead>
                <tr><th>{m.oldCode}</th><th>{m.oldName}</th><th>{m.district}</th><th>{m.share}</th><th>{m.countedIn}</th><th className="num">{m.reports}</th></tr>
              </thead>
              <tbody>
                {history.came_from.map((f) => (
                  <tr key={f.code}>
                    <td>{f.code}</td>
                    <td>{f.name}</td>
                    <td>{f.district}</td>
                    <td>{f.share}{f.shared_with.length > 0 && <span className="muted"> ({m.sharedWith(f.shared_with.join(", "))})</span>}</td>
                    <td>{f.counted_here ? m.here : f.counted_in}</td>
                    <td className="num">{formatInteger(f.reports)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {shown.length === 0 ? (
            <p className="muted">{m.noReports}</p>
          ) : (
            <table className="table" data-testid="history-figures">
              <thead>
                <tr>
                  <th>{m.indicator}</th>
                  {shown.map((p) => (
                    <th key={p.period} className="num">
                      {p.label}
                      <div className="muted">{p.before_merger ? m.fromOld(p.reported, p.expected) : m.own}</div>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {indicators.map((ind) => (
                  <tr key={ind.code}>
                    <td>{ind.code} {ind.name}</td>
                    {shown.map((p) => {
                      const value = p.figures.find((f) => f.code === ind.code)?.value ?? null;
                      return <td key={p.period} className="num">{value === null ? "—" : formatInteger(value)}</td>;
                    })}
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
