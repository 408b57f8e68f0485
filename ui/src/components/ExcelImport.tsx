// Excel coming in: a filled template from a unit without the program (checked first, shown as
// per-cell changes, then applied), and a register kept in another spreadsheet (sheet, header
// row and column mapping guessed and adjustable, a sample of what will be written, then
// imported). A refused file shows every wrong cell by sheet and cell.

import { useEffect, useState } from "react";
import { commands, errorMessage, isApiError } from "../api";
import type { RegisterKind, SheetImportOptions, SheetPreview, TemplateImport as TemplateImportView, TextEncoding } from "../bindings/types";
import { oneOf } from "../choice";
import { chooseSpreadsheet } from "../files";
import { t } from "../i18n/vi";
import { showLatest } from "../useAction";
import { ErrorBanner, guidePointer, WithGuideLink } from "./GuideLink";

const x = t.excel;
const ENCODINGS: readonly TextEncoding[] = ["auto", "vni", "tcvn3"];

/** What went wrong: the message, and each wrong cell when the error lists them. */
export function ErrorList({ error }: { error: unknown }) {
  if (isApiError(error) && error.fields.length > 0 && error.code === "refused") {
    return (
      <div className="error-banner" role="alert" data-testid="excel-errors">
        <div>{x.errorsTitle}</div>
        <ul>
          {error.fields.map((f) => (
            <li key={f.field + f.message}><strong>{f.field}</strong>: {f.message}</li>
          ))}
        </ul>
        {guidePointer(error.message) && <WithGuideLink text={guidePointer(error.message) ?? ""} />}
      </div>
    );
  }
  return <ErrorBanner message={errorMessage(error)} />;
}

/** The upper level's import of a filled template: pick, check, look, apply. */
export function TemplateImport({ onApplied }: { onApplied: (message: string) => void }) {
  const [path, setPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<TemplateImportView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const check = async () => {
    setError(null);
    setPreview(null);
    const picked = await chooseSpreadsheet();
    if (!picked) return;
    setPath(picked);
    try {
      setPreview(await commands.import_template(picked, true, false));
    } catch (e) {
      setError(e);
    }
  };
  const apply = async () => {
    if (!path || !preview) return;
    try {
      // A unit that signs its reports: the preview said so, and this button is the choice.
      const done = await commands.import_template(path, false, preview.signed_unit !== null);
      setPreview(null);
      onApplied(x.applied(done.unit_name, done.period_label, done.changes.length));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <button className="secondary" data-testid="import-template" onClick={check}>{x.importTemplate}</button>
      {error !== null && <ErrorList error={error} />}
      {preview && (
        <section className="card excel-preview" data-testid="template-preview">
          <h2>{x.previewTitle(preview.file_name)}</h2>
          {preview.summary.map((line) => <p key={line}>{line}</p>)}
          {preview.signed_unit && <p className="warning" role="alert" data-testid="template-signed-unit">{preview.signed_unit}</p>}
          {preview.changes.length === 0 ? (
            <p>{x.noChanges}</p>
          ) : (
            <table className="table">
              <thead><tr><th>{x.sheet}</th><th>{x.cell}</th><th>{x.what}</th><th>{x.old}</th><th>{x.new}</th></tr></thead>
              <tbody>
                {preview.changes.map((c, i) => (
                  <tr key={i}><td>{c.sheet}</td><td>{c.cell}</td><td>{c.what}</td><td className="old">{c.old}</td><td className="new">{c.new}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            {preview.changes.length > 0 && (
              <button className="primary" data-testid="template-apply" onClick={apply}>{preview.signed_unit ? x.applyUnsigned : x.apply}</button>
            )}
            <button className="secondary" onClick={() => setPreview(null)}>{x.cancel}</button>
          </div>
        </section>
      )}
    </>
  );
}

/** A register from another spreadsheet, into the register `kind`. */
export function SheetImport({ kind, onImported }: { kind: RegisterKind; onImported: (message: string) => void }) {
  const [path, setPath] = useState<string | null>(null);
  const [options, setOptions] = useState<SheetImportOptions>({ kind, sheet: null, header_row: null, mapping: {}, constants: {}, encoding: "auto" });
  const [preview, setPreview] = useState<SheetPreview | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  // Every change of the options reads the sheet again: the guesses follow the clerk's choices.
  useEffect(() => {
    if (!path) return;
    setChecked(null);
    return showLatest(commands.inspect_sheet(path, options), (p) => (setPreview(p), setError(null)), setError);
  }, [path, options]);

  const pick = async () => {
    const picked = await chooseSpreadsheet();
    if (!picked) return;
    setOptions({ kind, sheet: null, header_row: null, mapping: {}, constants: {}, encoding: "auto" });
    setPath(picked);
  };
  const run = async (dryRun: boolean) => {
    if (!path) return;
    setError(null);
    try {
      const outcome = await commands.import_sheet(path, options, dryRun);
      if (dryRun) setChecked(outcome.summary);
      else {
        setPath(null);
        setPreview(null);
        onImported(x.sheetDone(outcome.summary));
      }
    } catch (e) {
      setError(e);
    }
  };
  const set = (patch: Partial<SheetImportOptions>) => setOptions((o) => ({ ...o, ...patch }));

  if (!path) {
    return <button className="secondary" data-testid="sheet-import" onClick={pick}>{x.importSheet}</button>;
  }
  return (
    <section className="card sheet-import" data-testid="sheet-import-panel">
      {preview && <h2>{x.sheetTitle(preview.file_name)}</h2>}
      {preview && (
        <div className="toolbar">
          <label className="field inline">
            <span className="label">{x.sheetPick}</span>
            <select value={preview.sheet} onChange={(e) => set({ sheet: e.target.value, header_row: null, mapping: {} })}>
              {preview.sheets.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label className="field inline">
            <span className="label">{x.headerRow}</span>
            <input
              type="number"
              min={1}
              data-testid="sheet-header-row"
              value={preview.header_row}
              onChange={(e) => set({ header_row: Number(e.target.value) || null, mapping: {} })}
            />
          </label>
          <label className="field inline">
            <span className="label">{x.encoding}</span>
            <select value={options.encoding} onChange={(e) => set({ encoding: oneOf(ENCODINGS, e.target.value) ?? options.encoding })}>
              {ENCODINGS.map((k) => <option key={k} value={k}>{x.encodings[k]}</option>)}
            </select>
          </label>
          <span className="muted">{x.rows(preview.data_rows)}</span>
        </div>
      )}
      {preview && (
        <table className="table mapping" data-testid="sheet-mapping">
          <thead><tr><th>{x.field}</th><th>{x.column}</th></tr></thead>
          <tbody>
            {preview.fields.map((f) => (
              <tr key={f.name}>
                <td>{f.label}{f.required && " *"}</td>
                <td>
                  <select
                    aria-label={f.label}
                    data-testid={`map-${f.name}`}
                    value={f.column ?? ""}
                    onChange={(e) => set({ mapping: { ...options.mapping, [f.name]: e.target.value } })}
                  >
                    <option value="">{x.noColumn}</option>
                    {preview.columns.map((c) => <option key={c.column} value={c.column}>{c.column}: {c.header}</option>)}
                  </select>
                  {!f.column && (
                    <input
                      className="constant"
                      data-testid={`constant-${f.name}`}
                      placeholder={x.constant}
                      value={options.constants[f.name] ?? ""}
                      onChange={(e) => set({ constants: { ...options.constants, [f.name]: e.target.value } })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview && preview.sample.length > 0 && (
        <>
          <h3>{x.sample}</h3>
          <div className="scroll-x">
            <table className="table sample">
              <thead><tr>{preview.fields.map((f) => <th key={f.name}>{f.label}</th>)}</tr></thead>
              <tbody>
                {preview.sample.map((row, i) => <tr key={i}>{row.map((v, j) => <td key={j}>{v}</td>)}</tr>)}
              </tbody>
            </table>
          </div>
        </>
      )}
      {error !== null && <ErrorList error={error} />}
      {checked && <div className="notice" role="status" data-testid="sheet-checked">{checked}</div>}
      <div className="actions">
        <button className="secondary" data-testid="sheet-check" onClick={() => run(true)}>{x.check}</button>
        <button className="primary" data-testid="sheet-apply" onClick={() => run(false)}>{x.importRows}</button>
        <button className="secondary" onClick={() => (setPath(null), setPreview(null), setError(null))}>{x.cancel}</button>
      </div>
    </section>
  );
}
