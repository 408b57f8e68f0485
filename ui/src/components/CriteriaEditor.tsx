// The scoring table editor: groups and criteria (code, name, standard points, how each is
// scored), the bonus caps and the classes, saved as the table's next version. The program
// checks the table when it is saved and names what is wrong; nothing is stored until it is right.

import { useState } from "react";
import { t } from "../i18n/vi";

type Method =
  | { kind: "ratio"; indicator?: string | null; lower_is_better?: boolean }
  | { kind: "graded"; b: number; c: number; d: number }
  | { kind: "lateness"; steps: { from_days: number; points: number }[] }
  | { kind: "bonus"; points: number }
  | { kind: "penalty"; points: number }
  | { kind: "manual" };
type Kind = Method["kind"];
type Criterion = { code: string; name: string; standard?: number; method: Method };
type Group = { code: string; name: string; criteria: Criterion[] };
export type TableJson = {
  code: string;
  version: number;
  name: string;
  rules: { excess_bonus_cap_percent: number; quantitative_bonus_cap: number };
  groups: Group[];
  classes: { label: string; min: number }[];
};

const e = t.yearEnd.editor;
const KINDS: Kind[] = ["ratio", "graded", "manual", "lateness", "bonus", "penalty"];

/** A method of `kind` with the parameters it needs, keeping what fits from `old`. */
function methodOf(kind: Kind, old: Method): Method {
  switch (kind) {
    case "ratio":
      return { kind, indicator: old.kind === "ratio" ? old.indicator : null, lower_is_better: false };
    case "graded":
      return old.kind === "graded" ? old : { kind, b: 0, c: 0, d: 0 };
    case "lateness":
      return old.kind === "lateness" ? old : { kind, steps: [{ from_days: 5, points: 5 }] };
    case "bonus":
    case "penalty":
      return { kind, points: old.kind === "bonus" || old.kind === "penalty" ? old.points : 5 };
    case "manual":
      return { kind };
  }
}

/** "9,5" or "9.5" → 9.5; what is not a number stays as typed for the check to name. */
function parsePoints(text: string): number {
  const n = Number(text.trim().replace(",", "."));
  return Number.isFinite(n) ? n : NaN;
}

/** A number typed as a clerk types it ("9,5"), kept as text until the field is left. */
function NumberField({ value, onChange, testid, width = "5rem" }: { value: number | undefined; onChange: (n: number) => void; testid?: string; width?: string }) {
  const shown = value === undefined ? "" : String(value).replace(".", ",");
  const [text, setText] = useState<string | null>(null);
  return (
    <input
      className="cell-input"
      style={{ width }}
      data-testid={testid}
      value={text ?? shown}
      onChange={(ev) => setText(ev.target.value)}
      onBlur={() => {
        if (text !== null) onChange(parsePoints(text));
        setText(null);
      }}
    />
  );
}

/** "5: 5; 10: 10; 15: 20" ⇄ lateness steps. */
function stepsText(steps: { from_days: number; points: number }[]): string {
  return steps.map((s) => `${s.from_days}: ${String(s.points).replace(".", ",")}`).join("; ");
}
function parseSteps(text: string): { from_days: number; points: number }[] {
  return text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [days, points] = p.split(":");
      return { from_days: Number(days?.trim()), points: parsePoints(points ?? "") };
    });
}

function MethodParams({ c, set }: { c: Criterion; set: (m: Method) => void }) {
  const m = c.method;
  const [steps, setSteps] = useState<string | null>(null);
  switch (m.kind) {
    case "ratio":
      return (
        <span className="inline-fields">
          <label>
            {e.indicator} <input className="cell-input text" value={m.indicator ?? ""} onChange={(ev) => set({ ...m, indicator: ev.target.value || null })} />
          </label>
          <label>
            <input type="checkbox" checked={m.lower_is_better ?? false} onChange={(ev) => set({ ...m, lower_is_better: ev.target.checked })} /> {e.lowerIsBetter}
          </label>
        </span>
      );
    case "graded":
      return (
        <span className="inline-fields">
          B <NumberField value={m.b} onChange={(b) => set({ ...m, b })} width="3.5rem" /> C <NumberField value={m.c} onChange={(v) => set({ ...m, c: v })} width="3.5rem" /> D{" "}
          <NumberField value={m.d} onChange={(d) => set({ ...m, d })} width="3.5rem" />
        </span>
      );
    case "lateness":
      return (
        <input
          className="cell-input"
          style={{ width: "14rem" }}
          title={e.stepsHint}
          value={steps ?? stepsText(m.steps)}
          onChange={(ev) => setSteps(ev.target.value)}
          onBlur={() => {
            if (steps !== null) set({ ...m, steps: parseSteps(steps) });
            setSteps(null);
          }}
        />
      );
    case "bonus":
    case "penalty":
      return <NumberField value={m.points} onChange={(points) => set({ ...m, points })} />;
    case "manual":
      return null;
  }
}

export function CriteriaEditor({ table, onSave, onCancel }: { table: TableJson; onSave: (t: TableJson) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<TableJson>(() => structuredClone(table));
  const setGroup = (gi: number, g: Group) => setDraft((d) => ({ ...d, groups: d.groups.map((x, i) => (i === gi ? g : x)) }));
  const setCriterion = (gi: number, ci: number, c: Criterion) =>
    setDraft((d) => ({ ...d, groups: d.groups.map((g, i) => (i === gi ? { ...g, criteria: g.criteria.map((x, j) => (j === ci ? c : x)) } : g)) }));
  const scored = (k: Kind) => k === "ratio" || k === "graded" || k === "manual";
  return (
    <section className="card" data-testid="criteria-editor">
      <h2>{e.title(table.version + 1)}</h2>
      <div className="form-row">
        <label className="field grow">
          <span className="label">{e.name}</span>
          <input data-testid="editor-name" value={draft.name} onChange={(ev) => setDraft({ ...draft, name: ev.target.value })} />
        </label>
        <label className="field">
          <span className="label">{e.capPercent}</span>
          <NumberField value={draft.rules.excess_bonus_cap_percent} onChange={(n) => setDraft({ ...draft, rules: { ...draft.rules, excess_bonus_cap_percent: n } })} />
        </label>
        <label className="field">
          <span className="label">{e.bonusCap}</span>
          <NumberField value={draft.rules.quantitative_bonus_cap} onChange={(n) => setDraft({ ...draft, rules: { ...draft.rules, quantitative_bonus_cap: n } })} />
        </label>
      </div>
      {draft.groups.map((g, gi) => (
        <div key={gi} className="editor-group">
          <div className="form-row">
            <input className="cell-input text" value={g.code} aria-label={e.groupCode} onChange={(ev) => setGroup(gi, { ...g, code: ev.target.value })} />
            <input className="grow-input" value={g.name} aria-label={e.groupName} onChange={(ev) => setGroup(gi, { ...g, name: ev.target.value })} />
            <button className="link danger" onClick={() => setDraft((d) => ({ ...d, groups: d.groups.filter((_, i) => i !== gi) }))}>{e.removeGroup}</button>
          </div>
          <table className="table">
            <thead>
              <tr>
                <th>{t.yearEnd.code}</th>
                <th>{t.yearEnd.criterion}</th>
                <th className="num">{t.yearEnd.standard}</th>
                <th>{t.yearEnd.method}</th>
                <th>{e.params}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {g.criteria.map((c, ci) => (
                <tr key={ci} data-testid={`editor-row-${c.code}`}>
                  <td><input className="cell-input text" value={c.code} onChange={(ev) => setCriterion(gi, ci, { ...c, code: ev.target.value })} /></td>
                  <td className="wide"><input className="grow-input" value={c.name} onChange={(ev) => setCriterion(gi, ci, { ...c, name: ev.target.value })} /></td>
                  <td className="num">
                    {scored(c.method.kind) && (
                      <NumberField testid={`editor-standard-${c.code}`} value={c.standard ?? 0} onChange={(n) => setCriterion(gi, ci, { ...c, standard: n })} />
                    )}
                  </td>
                  <td>
                    <select
                      value={c.method.kind}
                      onChange={(ev) => {
                        const kind = ev.target.value as Kind;
                        setCriterion(gi, ci, { ...c, standard: scored(kind) ? (c.standard ?? 0) : 0, method: methodOf(kind, c.method) });
                      }}
                    >
                      {KINDS.map((k) => (
                        <option key={k} value={k}>{e.kinds[k]}</option>
                      ))}
                    </select>
                  </td>
                  <td><MethodParams c={c} set={(m) => setCriterion(gi, ci, { ...c, method: m })} /></td>
                  <td>
                    <button className="link danger" onClick={() => setGroup(gi, { ...g, criteria: g.criteria.filter((_, j) => j !== ci) })}>{e.remove}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button className="secondary" onClick={() => setGroup(gi, { ...g, criteria: [...g.criteria, { code: `${g.code}.${g.criteria.length + 1}`, name: "", standard: 5, method: { kind: "manual" } }] })}>
            {e.addCriterion}
          </button>
        </div>
      ))}
      <button className="secondary" onClick={() => setDraft((d) => ({ ...d, groups: [...d.groups, { code: String(d.groups.length + 1), name: "", criteria: [] }] }))}>
        {e.addGroup}
      </button>
      <h3>{t.yearEnd.classes}</h3>
      <table className="table">
        <tbody>
          {draft.classes.map((k, i) => (
            <tr key={i}>
              <td><input className="grow-input" value={k.label} onChange={(ev) => setDraft({ ...draft, classes: draft.classes.map((x, j) => (j === i ? { ...x, label: ev.target.value } : x)) })} /></td>
              <td>{e.from} <NumberField value={k.min} onChange={(n) => setDraft((d) => ({ ...d, classes: d.classes.map((x, j) => (j === i ? { ...x, min: n } : x)) }))} /> {e.points}</td>
              <td><button className="link danger" onClick={() => setDraft((d) => ({ ...d, classes: d.classes.filter((_, j) => j !== i) }))}>{e.remove}</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button className="secondary" onClick={() => setDraft((d) => ({ ...d, classes: [...d.classes, { label: "", min: 0 }] }))}>{e.addClass}</button>
      <div className="toolbar editor-actions">
        <button data-testid="editor-save" onClick={() => onSave({ ...draft, version: table.version + 1 })}>{e.save(table.version + 1)}</button>
        <button className="secondary" onClick={onCancel}>{t.yearEnd.cancel}</button>
      </div>
    </section>
  );
}
