// Bộ chỉ tiêu: the upper level writes the indicator set its units answer. Each change (add,
// rename, move, retire) is a new version; the list of what changed from the version before
// is what the units below will see when the next plan bundle reaches them. A unit whose set
// came from its own upper level reads it here and cannot change it.

import { useCallback, useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { IndicatorEdit, IndicatorInput, IndicatorPhrase, IndicatorSetView, IndicatorView, SourceRegister } from "../bindings/types";
import { Confirm } from "./Confirm";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";

const s = t.indicatorSet;

// An edit that changes only what it names.
const EDIT: IndicatorEdit = { name: null, measure: null, task_group: null, position: null, phrase: null, drop_phrase: false };

export function IndicatorSetEditor() {
  const [view, setView] = useState<IndicatorSetView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(() => commands.indicator_set_view().then(setView, (e) => setLoadError(errorMessage(e))), []);
  useEffect(() => void load(), [load]);
  const { notice, error, run, busy } = useAction(load);
  const [retiring, setRetiring] = useState<IndicatorView | null>(null);

  if (!view) return loadError ? <p className="error">{loadError}</p> : null;
  const move = (i: IndicatorView, by: number) =>
    run(async () => s.changed(i.code, (await commands.edit_indicator(i.code, { ...EDIT, position: i.position + by })).version));
  return (
    <section className="card" data-testid="indicator-set" aria-busy={busy}>
      <p className="muted" data-testid="indicator-set-version">{s.version(view.name, view.version, view.issued_by)}</p>
      <p className="hint">{view.editable ? s.lead : s.readOnly}</p>
      {notice && <p className="notice" data-testid="indicator-notice">{notice}</p>}
      {error && <p className="error" data-testid="indicator-error">{error}</p>}
      {view.changes.length > 0 && (
        <details open data-testid="indicator-changes">
          <summary>{s.changes(view.version - 1)}</summary>
          <ul>{view.changes.map((line) => <li key={line}>{line}</li>)}</ul>
        </details>
      )}
      <table className="table" data-testid="indicator-table">
        <thead>
          <tr><th>{t.consolidation.code}</th><th>{t.consolidation.indicator}</th><th>{s.measure}</th><th>{s.group}</th><th>{s.source}</th>{view.editable && <th>{s.actions}</th>}</tr>
        </thead>
        <tbody>
          {view.indicators.map((i, n) => (
            <IndicatorRow
              key={i.code}
              indicator={i}
              editable={view.editable}
              first={n === 0}
              last={n === view.indicators.length - 1}
              onMove={(by) => move(i, by)}
              onEdit={(edit) => run(async () => s.changed(i.code, (await commands.edit_indicator(i.code, edit)).version))}
              onRetire={() => setRetiring(i)}
            />
          ))}
        </tbody>
      </table>
      {retiring && (
        <Confirm
          question={s.retireQuestion(retiring.code, retiring.name)}
          confirmLabel={s.retire}
          testId="retire-indicator"
          onCancel={() => setRetiring(null)}
          onConfirm={() => {
            const code = retiring.code;
            setRetiring(null);
            void run(async () => s.retired(code, (await commands.retire_indicator(code)).version));
          }}
        />
      )}
      <Checks view={view} run={run} />
      {view.editable && (
        <AddIndicator
          sources={view.sources}
          indicators={view.indicators}
          onAdd={(input, added) =>
            run(async () => {
              const version = (await commands.add_indicator(input)).version;
              added();
              return s.added(input.code.trim(), version);
            })
          }
        />
      )}
    </section>
  );
}

function IndicatorRow(props: {
  indicator: IndicatorView;
  editable: boolean;
  first: boolean;
  last: boolean;
  onMove: (by: number) => void;
  onEdit: (edit: IndicatorEdit) => void;
  onRetire: () => void;
}) {
  const { indicator: i, editable } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(i.name);
  const [measure, setMeasure] = useState(i.measure);
  const [done, setDone] = useState(i.phrase?.done ?? "");
  const [none, setNone] = useState(i.phrase?.none ?? "");
  const begin = () => (setName(i.name), setMeasure(i.measure), setDone(i.phrase?.done ?? ""), setNone(i.phrase?.none ?? ""), setEditing(true));
  // An emptied sentence says the figure by its name again; a sentence joined to another
  // indicator's stays joined.
  const save = () => {
    setEditing(false);
    const phrase: IndicatorPhrase | null = done.trim() ? { done, none, within: i.phrase?.within } : null;
    props.onEdit({ ...EDIT, name, measure, phrase, drop_phrase: !phrase && i.phrase !== null });
  };
  return (
    <tr data-testid={`indicator-${i.code}`}>
      <td>{i.code}</td>
      <td>
        {editing ? (
          <>
            <input data-testid={`indicator-name-${i.code}`} value={name} onChange={(e) => setName(e.target.value)} />
            <label className="field">
              <span className="label">{s.phraseDone}</span>
              <input data-testid={`indicator-phrase-${i.code}`} placeholder={s.phraseDoneHint} value={done} onChange={(e) => setDone(e.target.value)} />
            </label>
            <label className="field">
              <span className="label">{s.phraseNone}</span>
              <input data-testid={`indicator-phrase-none-${i.code}`} placeholder={s.phraseNoneHint} value={none} onChange={(e) => setNone(e.target.value)} />
            </label>
          </>
        ) : (
          <>
            {i.name}
            {i.phrase && <span className="muted small" data-testid={`indicator-phrase-shown-${i.code}`}><br />{s.phraseShown(i.phrase.done)}</span>}
          </>
        )}
      </td>
      <td>{editing ? <input data-testid={`indicator-measure-${i.code}`} value={measure} onChange={(e) => setMeasure(e.target.value)} /> : i.measure}</td>
      <td>{i.task_group}</td>
      <td>{i.source_label}</td>
      {editable && (
        <td className="row-actions">
          {editing ? (
            <>
              <button className="primary" data-testid={`indicator-save-${i.code}`} onClick={save}>{s.save}</button>
              <button className="secondary" onClick={() => setEditing(false)}>{s.cancel}</button>
            </>
          ) : (
            <>
              <button className="secondary" disabled={props.first} data-testid={`indicator-up-${i.code}`} onClick={() => props.onMove(-1)}>{s.up}</button>
              <button className="secondary" disabled={props.last} data-testid={`indicator-down-${i.code}`} onClick={() => props.onMove(1)}>{s.down}</button>
              <button className="secondary" data-testid={`indicator-edit-${i.code}`} onClick={begin}>{s.edit}</button>
              <button className="secondary" data-testid={`indicator-retire-${i.code}`} onClick={props.onRetire}>{s.retire}</button>
            </>
          )}
        </td>
      )}
    </tr>
  );
}

type Draft = {
  code: string;
  name: string;
  measure: string;
  group: number;
  register: string;
  aggregate: string;
  date: string;
  filters: Record<string, string>;
  // How the narrative says it: the clause, the clause at zero, the indicator it joins.
  done: string;
  none: string;
  within: string;
  joined: string;
};
const EMPTY: Draft = { code: "", name: "", measure: "", group: 3, register: "", aggregate: "count", date: "", filters: {}, done: "", none: "", within: "", joined: "" };

// The form keeps what was typed until the indicator is added: a refusal loses nothing.
function AddIndicator({
  sources,
  indicators,
  onAdd,
}: {
  sources: SourceRegister[];
  indicators: IndicatorView[];
  onAdd: (input: IndicatorInput, added: () => void) => Promise<void>;
}) {
  const [d, setD] = useState<Draft>(EMPTY);
  const source = sources.find((x) => x.code === d.register);
  const set = (change: Partial<Draft>) => setD((cur) => ({ ...cur, ...change }));
  const submit = () =>
    onAdd(
      {
        code: d.code,
        name: d.name,
        measure: d.measure,
        task_group: d.group,
        register: d.register || null,
        aggregate: d.register ? d.aggregate : null,
        date_field: d.register && d.date ? d.date : null,
        filters: Object.entries(d.filters).filter(([, v]) => v.trim() !== "").map(([field, v]) => [field, [v.trim()]]),
        phrase: d.done.trim() ? { done: d.done, none: d.none, within: d.within ? [d.within, d.joined] : undefined } : null,
      },
      () => setD(EMPTY),
    );
  return (
    <fieldset className="card" data-testid="add-indicator">
      <legend>{s.add}</legend>
      <div className="form-grid">
        <label className="field"><span className="label">{s.code}</span><input data-testid="new-indicator-code" value={d.code} onChange={(e) => set({ code: e.target.value })} /></label>
        <label className="field"><span className="label">{s.name}</span><input data-testid="new-indicator-name" value={d.name} onChange={(e) => set({ name: e.target.value })} /></label>
        <label className="field"><span className="label">{s.measure}</span><input data-testid="new-indicator-measure" value={d.measure} onChange={(e) => set({ measure: e.target.value })} /></label>
        <label className="field">
          <span className="label">{s.taskGroup}</span>
          <select data-testid="new-indicator-group" value={d.group} onChange={(e) => set({ group: Number(e.target.value) })}>
            {s.groups.map((label, n) => <option key={label} value={n + 1}>{label}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="label">{s.register}</span>
          <select data-testid="new-indicator-register" value={d.register} onChange={(e) => set({ register: e.target.value, aggregate: "count", date: "", filters: {} })}>
            <option value="">{s.manual}</option>
            {sources.map((x) => <option key={x.code} value={x.code}>{x.label}</option>)}
          </select>
        </label>
        {source && (
          <label className="field">
            <span className="label">{s.aggregate}</span>
            <select data-testid="new-indicator-aggregate" value={d.aggregate} onChange={(e) => set({ aggregate: e.target.value })}>
              <option value="count">{s.count}</option>
              {source.sums.map(([field, label]) => <option key={field} value={`sum:${field}`}>{s.sum(label)}</option>)}
            </select>
          </label>
        )}
        {source && (
          <label className="field">
            <span className="label">{s.dateField}</span>
            <select data-testid="new-indicator-date" value={d.date} onChange={(e) => set({ date: e.target.value })}>
              {source.dates.map(([field, label], n) => <option key={field} value={n === 0 ? "" : field}>{label}</option>)}
            </select>
          </label>
        )}
        {source?.filters.map((f) => (
          <label className="field" key={f.name}>
            <span className="label">{s.filter} «{f.label}»</span>
            {f.choices.length > 0 ? (
              <select data-testid={`new-indicator-filter-${f.name}`} value={d.filters[f.name] ?? ""} onChange={(e) => set({ filters: { ...d.filters, [f.name]: e.target.value } })}>
                <option value="">{s.anyValue}</option>
                {f.choices.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </select>
            ) : (
              <input data-testid={`new-indicator-filter-${f.name}`} placeholder={s.filterText} value={d.filters[f.name] ?? ""} onChange={(e) => set({ filters: { ...d.filters, [f.name]: e.target.value } })} />
            )}
          </label>
        ))}
        <label className="field wide">
          <span className="label">{s.phraseDone}</span>
          <input data-testid="new-indicator-phrase" placeholder={s.phraseDoneHint} value={d.done} onChange={(e) => set({ done: e.target.value })} />
        </label>
        <label className="field wide">
          <span className="label">{s.phraseNone}</span>
          <input data-testid="new-indicator-phrase-none" placeholder={s.phraseNoneHint} value={d.none} onChange={(e) => set({ none: e.target.value })} />
        </label>
        <label className="field">
          <span className="label">{s.phraseWithin}</span>
          <select data-testid="new-indicator-phrase-within" value={d.within} onChange={(e) => set({ within: e.target.value })}>
            <option value="">{s.phraseAlone}</option>
            {indicators.map((i) => <option key={i.code} value={i.code}>{i.code} {i.name}</option>)}
          </select>
        </label>
        {d.within && (
          <label className="field wide">
            <span className="label">{s.phraseJoined}</span>
            <input data-testid="new-indicator-phrase-joined" placeholder={s.phraseJoinedHint} value={d.joined} onChange={(e) => set({ joined: e.target.value })} />
          </label>
        )}
      </div>
      <button className="primary" data-testid="new-indicator-add" onClick={() => void submit()}>{s.add}</button>
    </fieldset>
  );
}

// The data checks of the set: rules between figures, and the threshold for a large gap.
function Checks({ view, run }: { view: IndicatorSetView; run: (action: () => Promise<string | null>) => Promise<void> }) {
  const [rule, setRule] = useState("");
  const [percent, setPercent] = useState(String(view.outlier_percent));
  useEffect(() => setPercent(String(view.outlier_percent)), [view.outlier_percent]);
  return (
    <section data-testid="indicator-rules">
      <h2>{s.rules}</h2>
      <p className="hint">{s.rulesLead}</p>
      {view.rules.length === 0 ? (
        <p className="muted">{s.noRules}</p>
      ) : (
        <ul>
          {view.rules.map((r) => (
            <li key={r} data-testid={`rule-${r}`}>
              {r}{" "}
              {view.editable && (
                <button className="link" data-testid={`rule-remove-${r}`} onClick={() => void run(async () => s.ruleRemoved(r, (await commands.remove_rule(r)).version))}>
                  {s.removeRule}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {view.editable && (
        <div className="toolbar">
          <input data-testid="new-rule" placeholder={s.newRule} value={rule} onChange={(e) => setRule(e.target.value)} size={40} />
          <button
            className="secondary"
            data-testid="add-rule"
            onClick={() =>
              void run(async () => {
                const version = (await commands.add_rule(rule)).version;
                setRule("");
                return s.ruleAdded(rule.trim(), version);
              })
            }
          >
            {s.addRule}
          </button>
        </div>
      )}
      <label className="field">
        <span className="label">{s.outlier}</span>
        <span className="toolbar">
          <input data-testid="outlier-percent" inputMode="numeric" value={percent} disabled={!view.editable} onChange={(e) => setPercent(e.target.value)} size={6} />
          {view.editable && (
            <button className="secondary" data-testid="save-outlier" onClick={() => void run(async () => s.outlierSaved(Number(percent), (await commands.set_outlier_percent(Number(percent))).version))}>
              {s.saveOutlier}
            </button>
          )}
        </span>
      </label>
    </section>
  );
}
