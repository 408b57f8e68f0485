// Báo cáo: the unit's report for a period — figures computed from the registers (open any to
// see the records behind it; override with a reason; enter hand-kept ones), the narrative
// pre-filled from the data and editable, the appendix tables, and sending or revising.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { FigureView, PeriodInfo, RecordRow, RegisterSchema, ReportView } from "../bindings/types";
import { Confirm } from "../components/Confirm";
import { Preview } from "../components/Preview";
import { choosePdfTarget, chooseXlsxTarget } from "../files";
import { formatDateTime, formatInteger, percentOf } from "../format";
import { t } from "../i18n/vi";
import { displayValue } from "../registerFormat";
import { showLatest } from "../useAction";
import { ErrorBanner } from "../components/GuideLink";

export function Report() {
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [schemas, setSchemas] = useState<RegisterSchema[]>([]);
  const [period, setPeriod] = useState<string>("");
  const [view, setView] = useState<ReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sources, setSources] = useState<{ code: string; rows: RecordRow[] } | null>(null);
  const [confirmSend, setConfirmSend] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);

  const savePdf = async () => {
    try {
      const path = await choosePdfTarget(t.reports.pdfName(period));
      if (!path) return;
      await commands.report_pdf(period, path);
      setNotice(t.reports.pdfSaved(path));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  useEffect(() => {
    Promise.all([commands.periods(), commands.register_schemas()])
      .then(([p, s]) => {
        setPeriods(p);
        setSchemas(s);
        if (p.length) setPeriod(p[0].code);
      })
      .catch((e) => setError(errorMessage(e)));
  }, []);

  useEffect(() => {
    if (!period) return;
    setSources(null);
    return showLatest(commands.report(period), setView, (e) => setError(errorMessage(e)));
  }, [period]);

  const act = async (f: () => Promise<ReportView>) => {
    try {
      setView(await f());
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const openSources = async (f: FigureView) => {
    try {
      setSources({ code: f.code, rows: await commands.figure_sources(period, f.code) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <main className="page report">
      <h1>{t.reports.title}</h1>
      <div className="toolbar">
        <label>
          {t.reports.choosePeriod}{" "}
          <select data-testid="report-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p.code} value={p.code}>{p.label}</option>
            ))}
          </select>
        </label>
        {view && (
          <>
            <button
              className="secondary"
              data-testid="preview-report"
              onClick={() => commands.report_preview(period).then(setPreview).catch((e) => setError(errorMessage(e)))}
            >
              {t.preview.open}
            </button>
            <button className="secondary" onClick={savePdf}>{t.reports.savePdf}</button>
            <button
              className="secondary"
              data-testid="report-xlsx"
              onClick={async () => {
                try {
                  const path = await chooseXlsxTarget(`bao-cao-${period}.xlsx`);
                  if (!path) return;
                  await commands.excel_export(period, path);
                  setNotice(t.excel.exported(path));
                } catch (e) {
                  setError(errorMessage(e));
                }
              }}
            >
              {t.excel.exportXlsx}
            </button>
            <button
              className="secondary"
              data-testid="print-report"
              onClick={() =>
                commands
                  .open_report_pdf(period)
                  .then((path) => setNotice(t.plans.opened(path)))
                  .catch((e) => setError(errorMessage(e)))
              }
            >
              {t.plans.openViewer}
            </button>
            <span className={`state state-${view.state}`} data-testid="report-state">{view.state_label}</span>
            <span className="muted">({t.reports.revision(view.revision)})</span>
            {view.editable ? (
              <button className="primary" data-testid="report-send" onClick={() => setConfirmSend(true)}>
                {t.reports.send}
              </button>
            ) : (
              view.state !== "accepted" && (
                <button className="primary" data-testid="report-revise" onClick={() => act(() => commands.revise_report(period))}>{t.reports.revise}</button>
              )
            )}
          </>
        )}
      </div>
      {confirmSend && view?.editable && (
        <Confirm
          question={t.reports.sendConfirm}
          confirmLabel={t.reports.send}
          testId="confirm-send"
          onConfirm={() => (setConfirmSend(false), act(() => commands.send_report(period)))}
          onCancel={() => setConfirmSend(false)}
        />
      )}
      {notice && <div className="notice" role="status">{notice}</div>}
      {preview && <Preview pages={preview} onClose={() => setPreview(null)} />}
      <ErrorBanner message={error} testId="report-error" />
      {view && (
        <>
          {view.state_reason && <p className="error-banner">{view.state_reason}</p>}
          <ReportDate view={view} onSave={(day) => act(() => commands.set_report_date(period, day))} />
          <Recipients view={view} onSave={(lines) => act(() => commands.set_report_recipients(period, lines))} />
          <p className="muted">{t.reports.indicatorSet}: {view.indicator_set}</p>
          <section className="card">
            <h2>{t.reports.figures}</h2>
            <table className="table figures" data-testid="report-figures">
              <thead>
                <tr>
                  <th>{t.reports.code}</th>
                  <th>{t.reports.indicator}</th>
                  <th className="num">{t.reports.value}</th>
                  <th>{t.reports.measure}</th>
                  <th>{t.reports.source}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {view.figures.map((f) => (
                  <FigureRow key={f.code} figure={f} editable={view.editable} onSources={() => openSources(f)} onSave={(value, reason) => act(() => commands.enter_figure(period, f.code, value, reason))} />
                ))}
              </tbody>
            </table>
          </section>
          {sources && (
            <section className="card" data-testid="figure-sources">
              <h2>{t.reports.sourcesTitle(sources.code)}</h2>
              <SourceList rows={sources.rows} schemas={schemas} />
            </section>
          )}
          <section className="card">
            <h2>{t.reports.narrative}</h2>
            {view.narrative.map((s) => (
              <Section key={`${view.revision}-${s.key}`} title={s.key.startsWith("ii_1") ? `${t.reports.results}\n${s.title}` : s.title} text={s.text} edited={s.edited} sectionKey={s.key} editable={view.editable} onSave={(text) => act(() => commands.set_section(period, s.key, text))} />
            ))}
          </section>
          <section className="card">
            <h2>{t.reports.appendix}</h2>
            {view.appendix.map((table) => (
              <div key={table.title} className="appendix">
                <h3>{table.title}</h3>
                <table className="table">
                  <thead>
                    <tr>{table.columns.map((c, i) => <th key={i} className={table.numeric[i] ? "num" : ""}>{c}</th>)}</tr>
                  </thead>
                  <tbody>
                    {table.rows.map((r, i) => (
                      <tr key={i}>{r.map((c, j) => <td key={j} className={table.numeric[j] ? "num" : ""}>{c}</td>)}</tr>
                    ))}
                    {table.total && (
                      <tr className="total">{table.total.map((c, j) => <td key={j} className={table.numeric[j] ? "num" : ""}>{c}</td>)}</tr>
                    )}
                  </tbody>
                </table>
              </div>
            ))}
          </section>
          {view.revisions.length > 0 && (
            <section className="card">
              <h2>{t.reports.revisions}</h2>
              <ol>
                {view.revisions.map((r) => (
                  <li key={r.revision}>
                    {t.reports.revision(r.revision)}: {t.reports.states[r.state]} {r.sent_at ? `— ${t.reports.sentAt} ${formatDateTime(r.sent_at)}` : ""} {r.state_reason}
                  </li>
                ))}
              </ol>
            </section>
          )}
        </>
      )}
    </main>
  );
}

function FigureRow({ figure: f, editable, onSources, onSave }: { figure: FigureView; editable: boolean; onSources: () => void; onSave: (value: string, reason: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const shown = f.value === null ? t.reports.notEntered : formatInteger(f.value);
  return (
    <tr data-testid={`figure-${f.code}`} className={f.overridden ? "overridden" : ""}>
      <td>{f.code}</td>
      <td>
        {f.name}
        {f.checks.length > 0 && (
          <div className={f.breaks_rule ? "field-error" : "hint"} data-testid={`figure-checks-${f.code}`}>
            {f.checks.map((line) => <div key={line}>{line}</div>)}
          </div>
        )}
      </td>
      <td className="num">
        {editing ? (
          <input data-testid={`figure-input-${f.code}`} inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />
        ) : (
          <strong data-testid={`figure-value-${f.code}`}>{shown}</strong>
        )}
        {f.target !== null && <div className="muted" data-testid={`figure-target-${f.code}`}>{t.reports.target(formatInteger(f.target), percentOf(f.value, f.target))}</div>}
      </td>
      <td>{f.measure}</td>
      <td>
        {f.source ? (
          <button className="link" data-testid={`figure-sources-${f.code}`} onClick={onSources}>{t.reports.records(f.records)}</button>
        ) : (
          t.reports.manual
        )}
        {f.overridden && <div className="hint">{t.reports.overridden(f.computed === null ? "" : formatInteger(f.computed), f.override_reason)}</div>}
        {editing && f.source && (
          <input data-testid={`figure-reason-${f.code}`} placeholder={t.reports.overrideReason} value={reason} onChange={(e) => setReason(e.target.value)} />
        )}
      </td>
      <td>
        {editable &&
          (editing ? (
            <>
              <button className="primary" data-testid={`figure-save-${f.code}`} onClick={() => (onSave(value, reason), setEditing(false))}>{t.reports.saveFigure}</button>
              <button className="secondary" onClick={() => setEditing(false)}>{t.reports.cancel}</button>
            </>
          ) : (
            <button className="secondary" data-testid={`figure-edit-${f.code}`} onClick={() => (setValue(f.value === null ? "" : formatInteger(f.value)), setReason(f.override_reason), setEditing(true))}>
              {t.reports.edit}
            </button>
          ))}
      </td>
    </tr>
  );
}

function SourceList({ rows, schemas }: { rows: RecordRow[]; schemas: RegisterSchema[] }) {
  return (
    <table className="table">
      <tbody>
        {rows.map((r) => {
          const s = schemas.find((x) => x.kind === r.kind);
          if (!s) return null;
          const date = s.fields.find((f) => f.name === s.date_field)!;
          return (
            <tr key={r.id} data-testid="source-row">
              <td>{displayValue(date, r.fields[s.date_field])}</td>
              <td>{String(r.fields[s.title_field] ?? "")}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Section({ title, text, edited, sectionKey, editable, onSave }: { title: string; text: string; edited: boolean; sectionKey: string; editable: boolean; onSave: (text: string) => void }) {
  const [value, setValue] = useState(text);
  useEffect(() => setValue(text), [text]);
  return (
    <div className="section" data-testid={`section-${sectionKey}`}>
      <h3>
        {title.split("\n").map((line) => (
          <span key={line} className="section-title">{line}</span>
        ))}
        <small className="muted">{edited ? t.reports.edited : t.reports.prefilled}</small>
      </h3>
      <textarea rows={4} readOnly={!editable} value={value} onChange={(e) => setValue(e.target.value)} data-testid={`section-text-${sectionKey}`} />
      {editable && value !== text && (
        <button className="secondary" data-testid={`section-save-${sectionKey}`} onClick={() => onSave(value)}>{t.reports.saveSection}</button>
      )}
    </div>
  );
}

/// The day the report is dated: a draft's day can be chosen (a past period's report signed on
/// a given day); once sent, the day it was issued.
function ReportDate({ view, onSave }: { view: ReportView; onSave: (day: string) => void }) {
  const [day, setDay] = useState(view.dated_by_clerk ? view.dated : "");
  useEffect(() => setDay(view.dated_by_clerk ? view.dated : ""), [view.dated, view.dated_by_clerk]);
  if (!view.editable) {
    return <p className="muted" data-testid="report-dated">{t.reports.dated}: {view.dated}</p>;
  }
  return (
    <p className="report-date">
      <label>
        {t.reports.dated}{" "}
        <input data-testid="report-date" value={day} placeholder={view.dated} onChange={(e) => setDay(e.target.value)} size={12} />
      </label>{" "}
      <span className="muted">({t.reports.datedHint})</span>{" "}
      <button className="secondary" data-testid="report-date-save" onClick={() => onSave(day)}>{t.reports.saveDate}</button>
    </p>
  );
}

/// Nơi nhận: the level's defaults until the clerk writes them, one line each as printed.
function Recipients({ view, onSave }: { view: ReportView; onSave: (lines: string[]) => void }) {
  const [text, setText] = useState(view.recipients.join("\n"));
  useEffect(() => setText(view.recipients.join("\n")), [view.recipients]);
  return (
    <section className="card">
      <h2>
        {t.reports.recipients}{" "}
        {!view.recipients_edited && <span className="muted">({t.reports.recipientsDefault})</span>}
      </h2>
      <textarea
        data-testid="report-recipients"
        rows={Math.max(3, view.recipients.length)}
        value={text}
        readOnly={!view.editable}
        onChange={(e) => setText(e.target.value)}
      />
      {view.editable && (
        <p>
          <span className="muted">{t.reports.recipientsHint}</span>{" "}
          <button className="secondary" data-testid="report-recipients-save" onClick={() => onSave(text.split("\n"))}>
            {t.reports.saveRecipients}
          </button>
        </p>
      )}
    </section>
  );
}
