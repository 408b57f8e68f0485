// Tổng hợp: the upper level's screen. Who reported for a period (the count still missing on
// top), the totals with every unit's contribution and the bundle it came in, charts, review
// (accept / return with a reason, as a decision bundle), the units' registers merged, and
// the consolidated report as PDF and Excel.

import { useCallback, useEffect, useMemo, useState } from "react";
import { commands, errorMessage } from "../api";
import type { Completeness, CompletenessMatrix, CompletenessRow, Consolidation as ConsolidationView, IndicatorTotal, Installation, MergedRecord, MovementView, PeriodInfo, PeriodReporting, ReceivedReportView, RegisterKind, RegisterSchema, ReportingStatus } from "../bindings/types";
import { Confirm } from "../components/Confirm";
import { TemplateImport } from "../components/ExcelImport";
import { IndicatorSetEditor } from "../components/IndicatorSetEditor";
import { Movements } from "../components/Movements";
import { oneOf } from "../choice";
import { chooseBundleTarget, choosePdfTarget, chooseXlsxTarget } from "../files";
import { formatInteger, percentOf } from "../format";
import { t } from "../i18n/vi";
import { showLatest, useAction } from "../useAction";
import { displayValue } from "../registerFormat";
import { columnsOf } from "../registerFormat";
import { ErrorBanner } from "../components/GuideLink";

const c = t.consolidation;
const TABS = ["completeness", "totals", "registers", "timeline", "indicators"] as const;
const STATUSES: readonly ReportingStatus[] = ["missing", "on_time", "late", "corrected", "returned", "accepted"];
type Tab = (typeof TABS)[number];

/** The tab the clerk was on: choosing or starting a movement remounts the page (App keys it by
 *  movement), and one who was reading Bộ chỉ tiêu wants the new movement's set, not the first tab. */
let lastTab: Tab = "completeness";

export function Consolidation({
  installation,
  movements,
  movement,
  onMovementsChanged,
}: {
  installation: Installation;
  movements: MovementView[];
  movement: string;
  onMovementsChanged: () => void;
}) {
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [period, setPeriod] = useState("");
  const [completeness, setCompleteness] = useState<Completeness | null>(null);
  const [totals, setTotals] = useState<ConsolidationView | null>(null);
  const [tab, setTab] = useState<Tab>(() => lastTab);
  const [error, setError] = useState<string | null>(null);

  // Opens on the period with the most reports received (the one being consolidated), else the latest.
  const loadPeriods = useCallback(
    () =>
      Promise.all([commands.periods(), commands.reporting_timeline()])
        .then(([p, timeline]) => {
          setPeriods(p);
          const busiest = [...timeline].sort((a, b) => b.on_time + b.late - (a.on_time + a.late))[0];
          const pick = busiest && busiest.on_time + busiest.late > 0 ? busiest.period : p.length ? p[p.length - 1].code : "";
          setPeriod((cur) => cur || pick);
        })
        .catch((e) => setError(errorMessage(e))),
    [],
  );
  useEffect(() => void loadPeriods(), [loadPeriods]);
  const reload = useCallback(() => {
    if (!period) return;
    Promise.all([commands.completeness(period), commands.consolidation(period)])
      .then(([a, b]) => (setCompleteness(a), setTotals(b)))
      .catch((e) => setError(errorMessage(e)));
  }, [period]);
  useEffect(reload, [reload]);

  const { notice, setNotice, error: actionError, run, busy } = useAction(reload);

  if (completeness && completeness.total === 0) {
    return (
      <main className="page">
        <h1>{c.title}</h1>
        <p className="lead">{c.noChildren}</p>
      </main>
    );
  }

  return (
    <main className="page consolidation">
      <h1>{c.title}</h1>
      <div className="toolbar">
        <label className="field inline">
          <span className="label">{t.reports.period}</span>
          <select data-testid="consolidation-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p.code} value={p.code}>{p.label}</option>
            ))}
          </select>
        </label>
        <OpenPeriod onOpened={(label) => (loadPeriods(), setNotice(label))} onError={setError} />
        <button
          className="secondary"
          data-testid="consolidated-pdf"
          onClick={() =>
            run(async () => {
              const path = await choosePdfTarget(`bao-cao-tong-hop-${period}.pdf`);
              if (!path) return null;
              await commands.report_pdf(period, path);
              return c.pdfSaved(path);
            })
          }
        >
          {c.printPdf}
        </button>
        <button
          className="secondary"
          data-testid="consolidated-xlsx"
          onClick={() =>
            run(async () => {
              const path = await chooseXlsxTarget(`tong-hop-${period}.xlsx`);
              if (!path) return null;
              await commands.consolidated_xlsx(period, path);
              return c.xlsxSaved(path);
            })
          }
        >
          {c.exportXlsx}
        </button>
        <button
          className="secondary"
          data-testid="merged-registers-xlsx"
          onClick={() =>
            run(async () => {
              const path = await chooseXlsxTarget(`so-theo-doi-cac-don-vi-${period}.xlsx`);
              if (!path) return null;
              await commands.merged_registers_xlsx(period, path);
              return c.registersSaved(path);
            })
          }
        >
          {c.exportRegisters}
        </button>
        <TemplateImport onApplied={(message) => (setNotice(message), reload())} />
      </div>
      {busy && <div className="busy" role="status" data-testid="consolidation-busy">{t.working}</div>}
      {notice && <div className="notice" role="status" data-testid="consolidation-notice">{notice}</div>}
      <ErrorBanner message={error ?? actionError} />
      {completeness && (
        <div className="summary" data-testid="completeness-summary">
          <div className={completeness.missing > 0 ? "big late" : "big"} data-testid="missing-count">
            {c.missing(completeness.missing, completeness.total)}
          </div>
          <div>{c.counts(completeness.received, completeness.late, completeness.accepted, completeness.returned)}</div>
          <div className="muted">{c.deadline(completeness.deadline)}</div>
        </div>
      )}
      <div className="tabs">
        {TABS.map((k) => (
          <button key={k} className={k === tab ? "tab active" : "tab"} data-testid={`tab-${k}`} onClick={() => {
              lastTab = k;
              setTab(k);
            }}>
            {c.tabs[k]}
          </button>
        ))}
      </div>
      {tab === "completeness" && completeness && <CompletenessTable data={completeness} period={period} run={run} installation={installation} />}
      {tab === "totals" && totals && <Totals data={totals} />}
      {tab === "registers" && period && <MergedRegisters period={period} />}
      {tab === "timeline" && <Timeline />}
      {tab === "indicators" && (
        <>
          <Movements movements={movements} current={movement} onChanged={onMovementsChanged} />
          <IndicatorSetEditor />
        </>
      )}
    </main>
  );
}

function OpenPeriod({ onOpened, onError }: { onOpened: (message: string) => void; onError: (e: string) => void }) {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState("");
  const [deadline, setDeadline] = useState("");
  if (!open) return <button className="secondary" onClick={() => setOpen(true)}>{c.openPeriod}</button>;
  return (
    <span className="inline-form">
      <input placeholder="2023-H1" title={c.periodCodes} value={code} onChange={(e) => setCode(e.target.value)} aria-label={t.reports.period} />
      <input placeholder="15/07/2023" value={deadline} onChange={(e) => setDeadline(e.target.value)} aria-label={t.reports.deadline} />
      <button
        className="primary"
        onClick={() =>
          commands
            .open_period(code.trim(), deadline)
            .then((p) => (setOpen(false), onOpened(c.opened(p.label, p.deadline))))
            .catch((e) => onError(errorMessage(e)))
        }
      >
        {c.open}
      </button>
    </span>
  );
}

type Run = (f: () => Promise<string | null>) => Promise<void>;

function CompletenessTable({ data, period, run, installation }: { data: Completeness; period: string; run: Run; installation: Installation }) {
  const [filter, setFilter] = useState<ReportingStatus | "all">("all");
  const [search, setSearch] = useState("");
  const [returning, setReturning] = useState<CompletenessRow | null>(null);
  const [reading, setReading] = useState<CompletenessRow | null>(null);
  const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  const rows = data.units.filter((u) => (filter === "all" || u.state === filter) && fold(`${u.unit_name} ${u.unit_code} ${u.now_in}`).includes(fold(search.trim())));
  const template = (u: CompletenessRow) =>
    run(async () => {
      const path = await chooseXlsxTarget(`mau-${u.unit_code}-${period}.xlsx`);
      if (!path) return null;
      const info = await commands.excel_template(u.unit_code, period, path);
      return t.excel.templateSaved(info.path, info.unit_name, info.period_label);
    });
  const decide = (u: CompletenessRow, accept: boolean, reason: string) =>
    run(async () => {
      const path = await chooseBundleTarget(`${u.unit_code}-${accept ? "chap-nhan" : "tra-lai"}-${period}.thidua`);
      if (!path) return null;
      const b = await commands.review(u.unit_code, period, accept, reason, path);
      return c.decided(u.unit_name, accept, b.file);
    });
  return (
    <section className="card">
      <div className="toolbar">
        <select data-testid="completeness-filter" value={filter} onChange={(e) => setFilter(oneOf(STATUSES, e.target.value) ?? "all")}>
          <option value="all">{c.all}</option>
          {STATUSES.map((k) => (
            <option key={k} value={k}>{c.states[k]}</option>
          ))}
        </select>
        <input className="unit-search" placeholder={c.search} value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="muted">{c.shown(rows.length, data.total)}</span>
      </div>
      {returning && (
        <Confirm
          question={c.returnQuestion(returning.unit_name)}
          reasonLabel={c.returnReason}
          confirmLabel={c.returnIt}
          testId="confirm-return"
          onConfirm={(reason) => (setReturning(null), decide(returning, false, reason))}
          onCancel={() => setReturning(null)}
        />
      )}
      {reading && (
        <ReceivedReport
          row={reading}
          period={period}
          run={run}
          onDecide={(accept, reason) => (setReading(null), decide(reading, accept, reason))}
          onClose={() => setReading(null)}
        />
      )}
      <table className="table" data-testid="completeness-table">
        <thead>
          <tr><th>{c.unit}</th><th>{c.state}</th><th title={c.firstReceivedHint}>{c.firstReceived}</th><th>{c.lastBundle}</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((u) => (
            <tr key={u.unit_code} className={`state-${u.state}`}>
              <td>
                {u.unit_name} <span className="muted">({u.unit_code})</span>
                {u.now_in && <div className="muted" data-testid="now-in">{t.merges.nowIn(u.now_in)}</div>}
              </td>
              <td>
                {u.state_label}
                {u.via_excel && <div className="badge excel" data-testid={`via-excel-${u.unit_code}`}>{t.excel.viaExcel}</div>}
                {u.reason && <div className="muted">{u.reason}</div>}
              </td>
              <td>
                {u.first_received}
                {u.first_sent && u.first_sent !== u.first_received && <div className="muted">{c.sentClaim(u.first_sent)}</div>}
              </td>
              <td>{u.last_bundle}</td>
              <td>
                {/* A unit merged away since can be read, not sent a template or a decision. */}
                {!u.now_in && (
                  <>
                    <button className="link" title={t.excel.templateTitle(u.unit_name)} data-testid={`template-${u.unit_code}`} onClick={() => template(u)}>
                      {t.excel.template}
                    </button>{" "}
                  </>
                )}
                {u.state !== "missing" && (
                  <>
                    <button className="link" data-testid={`read-${u.unit_code}`} onClick={() => setReading(u)}>{c.read}</button>{" "}
                  </>
                )}
                {u.state !== "missing" && u.state !== "accepted" && !u.now_in && (
                  <>
                    <button className="link" onClick={() => decide(u, true, "")}>{c.accept}</button>{" "}
                    <button className="link" onClick={() => setReturning(u)}>{c.returnIt}</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{c.reviewHint(installation.unit.name)}</p>
    </section>
  );
}

/// A unit's report read in full before it is accepted or returned: the PDF it signed, its
/// figures and its narrative; a return names the section to correct.
function ReceivedReport({ row, period, run, onDecide, onClose }: {
  row: CompletenessRow;
  period: string;
  run: Run;
  onDecide: (accept: boolean, reason: string) => void;
  onClose: () => void;
}) {
  const [view, setView] = useState<ReceivedReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [section, setSection] = useState("");
  const [reason, setReason] = useState("");
  useEffect(() => showLatest(commands.received_report(row.unit_code, period), setView, (e) => setError(errorMessage(e))), [row.unit_code, period]);
  if (error) return <ErrorBanner message={error} />;
  if (!view) return null;
  const sections = [c.wholeReport, c.figuresSection, ...view.narrative.map((s) => s.title)];
  const open = view.state !== "accepted";
  return (
    <section className="card received-report" data-testid="received-report">
      <div className="toolbar">
        <h2>{c.readTitle(view.unit_name, view.period_label, view.revision, view.sent_on)}</h2>
        {view.has_document ? (
          <button className="secondary" data-testid="received-pdf" onClick={() => run(() => commands.open_received_report_pdf(view.unit_code, period).then((p) => t.plans.opened(p)))}>
            {c.openUnitPdf}
          </button>
        ) : (
          <span className="muted">{c.noUnitPdf}</span>
        )}
        <button className="secondary" onClick={onClose}>{c.close}</button>
      </div>
      <table className="table figures" data-testid="received-figures">
        <thead>
          <tr><th>{c.code}</th><th>{c.indicator}</th><th className="num">{c.value}</th><th>{c.measure}</th><th>{c.flag}</th></tr>
        </thead>
        <tbody>
          {view.figures.map((f) => (
            <tr key={f.code}>
              <td>{f.code}</td>
              <td>{f.name}</td>
              <td className="num">{f.value === null ? "" : formatInteger(f.value)}</td>
              <td>{f.measure}</td>
              <td className="muted">{f.override_reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.narrative.length === 0 && <p className="muted">{c.noNarrative}</p>}
      {view.narrative.map((s) => (
        <div key={s.key} data-testid={`received-section-${s.key}`}>
          <h3>{s.title}</h3>
          {s.text.split("\n").map((p, i) => <p key={i}>{p}</p>)}
        </div>
      ))}
      {open && (
        <div className="toolbar">
          <button className="primary" data-testid="received-accept" onClick={() => onDecide(true, "")}>{c.accept}</button>
          <label>
            {c.returnSection}{" "}
            <select data-testid="received-return-section" value={section} onChange={(e) => setSection(e.target.value)}>
              {sections.map((s) => <option key={s} value={s === c.wholeReport ? "" : s}>{s}</option>)}
            </select>
          </label>
          <input data-testid="received-return-reason" placeholder={c.returnReason} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button
            className="secondary"
            data-testid="received-return"
            disabled={!reason.trim()}
            onClick={() => onDecide(false, section ? `${section}: ${reason.trim()}` : reason.trim())}
          >
            {c.returnIt}
          </button>
        </div>
      )}
    </section>
  );
}

function Totals({ data }: { data: ConsolidationView }) {
  const [open, setOpen] = useState<string | null>(null);
  const [chart, setChart] = useState(data.totals[0]?.code ?? "");
  const chosen = data.totals.find((x) => x.code === chart);
  return (
    <section className="card">
      <p className="muted">{data.indicator_set} — {c.received(data.units_received, data.units_total, data.units_accepted)}</p>
      <table className="table figures" data-testid="totals">
        <thead>
          <tr><th>{c.code}</th><th>{c.indicator}</th><th className="num">{c.receivedTotal}</th><th className="num">{c.acceptedTotal}</th><th>{c.measure}</th></tr>
        </thead>
        <tbody>
          {data.totals.map((x) => (
            <Total key={x.code} total={x} open={open === x.code} onToggle={() => setOpen(open === x.code ? null : x.code)} />
          ))}
        </tbody>
      </table>
      <h2>{c.byUnitChart}</h2>
      <select value={chart} onChange={(e) => setChart(e.target.value)} data-testid="chart-indicator">
        {data.totals.map((x) => (
          <option key={x.code} value={x.code}>{x.code} {x.name}</option>
        ))}
      </select>
      {chosen && <BarsByUnit total={chosen} />}
    </section>
  );
}

function Total({ total, open, onToggle }: { total: IndicatorTotal; open: boolean; onToggle: () => void }) {
  const changed = total.contributions.some((x) => x.previous !== null);
  return (
    <>
      <tr>
        <td>{total.code}</td>
        <td>
          <button className="link" onClick={onToggle} data-testid={`total-${total.code}`}>{total.name}</button>
          {changed && <span className="badge">{c.changed}</span>}
          {total.flagged > 0 && <span className="badge" data-testid={`total-flagged-${total.code}`}>{c.flagged(total.flagged)}</span>}
        </td>
        <td className="num">
          {formatInteger(total.received_total)}
          {total.target !== null && <div className="muted" data-testid={`total-target-${total.code}`}>{t.reports.target(formatInteger(total.target), percentOf(total.received_total, total.target))}</div>}
        </td>
        <td className="num">{formatInteger(total.accepted_total)}</td>
        <td>{total.measure}</td>
      </tr>
      {open && (
        <tr>
          <td colSpan={5}>
            <table className="table" data-testid={`contributions-${total.code}`}>
              <thead>
                <tr><th>{c.unit}</th><th className="num">{c.value}</th><th>{c.revision}</th><th>{c.bundle}</th><th>{c.flag}</th></tr>
              </thead>
              <tbody>
                {total.contributions.map((x) => (
                  <tr key={x.unit_code}>
                    <td>
                      {x.unit_name}
                      {x.now_in && <div className="muted">{t.merges.nowIn(x.now_in)}</div>}
                      {x.sub_units > 0 && <div className="muted">{c.subUnits(x.sub_units)}</div>}
                    </td>
                    <td className="num">
                      {x.value === null ? "—" : formatInteger(x.value)}
                      {x.previous !== null && <div className="muted">{c.was(formatInteger(x.previous))}</div>}
                      {x.target !== null && <div className="muted">{t.reports.target(formatInteger(x.target), percentOf(x.value, x.target))}</div>}
                    </td>
                    <td>{c.revisionState(x.revision, x.state)}</td>
                    <td title={`SHA-256 ${x.file_sha256}`}><code>{x.bundle_id.slice(0, 12)}</code> {x.received_at}</td>
                    <td>
                      {x.flag}
                      {x.checks.map((line) => <div key={line} className="field-error">{line}</div>)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}

/** Horizontal bars, largest first: one indicator across the units that reported it. */
function BarsByUnit({ total }: { total: IndicatorTotal }) {
  const bars = total.contributions.filter((x) => x.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0)).slice(0, 40);
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const row = 18;
  return (
    <svg className="chart" width="100%" height={bars.length * row + 10} viewBox={`0 0 760 ${bars.length * row + 10}`} role="img" aria-label={total.name} data-testid="chart-by-unit">
      {bars.map((b, i) => (
        <g key={b.unit_code} transform={`translate(0 ${i * row + 4})`}>
          <text x="220" y="12" textAnchor="end" fontSize="12">{b.unit_name}</text>
          <rect x="228" y="2" height="12" width={Math.max(1, ((b.value ?? 0) / max) * 440)} fill="#b71c1c" />
          <text x={232 + ((b.value ?? 0) / max) * 440} y="12" fontSize="12">{formatInteger(b.value ?? 0)}</text>
        </g>
      ))}
    </svg>
  );
}

function Timeline() {
  const [data, setData] = useState<PeriodReporting[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [year, setYear] = useState<number | null>(null);
  const [matrix, setMatrix] = useState<CompletenessMatrix | null>(null);
  useEffect(
    () =>
      void commands
        .reporting_timeline()
        .then((d) => {
          setData(d);
          const busiest = [...d].sort((a, b) => b.on_time + b.late - (a.on_time + a.late))[0];
          if (busiest) setYear(Number(busiest.period.slice(0, 4)));
        })
        .catch((e) => setError(errorMessage(e))),
    [],
  );
  useEffect(() => {
    if (year === null) return;
    return showLatest(commands.completeness_matrix(year), setMatrix, (e) => setError(errorMessage(e)));
  }, [year]);
  const years = [...new Set(data.map((d) => Number(d.period.slice(0, 4))))];
  const max = Math.max(1, ...data.map((d) => d.on_time + d.late + d.missing));
  const w = 90;
  return (
    <section className="card">
      <h2>{c.timelineTitle}</h2>
      {error && <div className="error-banner">{error}</div>}
      <svg className="chart" width="100%" height="260" viewBox={`0 0 ${Math.max(400, data.length * w + 40)} 260`} role="img" aria-label={c.timelineTitle} data-testid="chart-timeline">
        {data.map((d, i) => {
          const scale = (n: number) => (n / max) * 200;
          const parts: [number, string][] = [[d.on_time, "#2e7d32"], [d.late, "#f9a825"], [d.missing, "#c62828"]];
          let y = 220;
          return (
            <g key={d.period} transform={`translate(${20 + i * w} 0)`}>
              {parts.map(([n, color], k) => {
                y -= scale(n);
                return <rect key={k} x="10" y={y} width="50" height={scale(n)} fill={color} />;
              })}
              <text x="35" y="240" textAnchor="middle" fontSize="12">{d.period}</text>
              <text x="35" y="255" textAnchor="middle" fontSize="11">{`${d.on_time}/${d.late}/${d.missing}`}</text>
            </g>
          );
        })}
      </svg>
      <p className="hint">{c.timelineLegend}</p>
      <h2>{c.matrixTitle}</h2>
      <select value={year ?? ""} onChange={(e) => setYear(Number(e.target.value))} data-testid="matrix-year">
        {years.map((y) => (
          <option key={y} value={y}>{y}</option>
        ))}
      </select>
      {matrix && (
        <table className="table matrix" data-testid="completeness-matrix">
          <thead>
            <tr><th>{c.unit}</th>{matrix.periods.map(([code, label]) => <th key={code}>{label}</th>)}</tr>
          </thead>
          <tbody>
            {matrix.rows.map((r) => (
              <tr key={r.unit_code}>
                <td>{r.unit_name}</td>
                {r.states.map((s, i) => <td key={i} className={`cell-${s}`}>{c.states[s]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MergedRegisters({ period }: { period: string }) {
  const [schemas, setSchemas] = useState<RegisterSchema[]>([]);
  const [kind, setKind] = useState<RegisterKind>("initiative");
  const [search, setSearch] = useState("");
  const [rows, setRows] = useState<MergedRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void commands.register_schemas().then(setSchemas), []);
  useEffect(() => {
    let stop = () => {};
    const timer = setTimeout(() => (stop = showLatest(commands.merged_records(kind, period, search), setRows, (e) => setError(errorMessage(e)))), 150);
    return () => (clearTimeout(timer), stop());
  }, [kind, period, search]);
  const schema = useMemo(() => schemas.find((s) => s.kind === kind), [schemas, kind]);
  const fields = schema ? columnsOf(schema) : [];
  return (
    <section className="card">
      <div className="toolbar">
        <select value={kind} onChange={(e) => setKind(schemas.find((s) => s.kind === e.target.value)?.kind ?? kind)} data-testid="merged-kind">
          {schemas.map((s) => (
            <option key={s.kind} value={s.kind}>{s.label}</option>
          ))}
        </select>
        <input className="unit-search" placeholder={c.searchRecords} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="merged-search" />
        <span className="muted">{c.recordCount(rows.length)}</span>
      </div>
      {error && <div className="error-banner">{error}</div>}
      <table className="table" data-testid="merged-records">
        <thead>
          <tr><th>{c.unit}</th>{fields.map((f) => <th key={f.name}>{f.label}</th>)}</tr>
        </thead>
        <tbody>
          {rows.slice(0, 500).map((r) => (
            <tr key={r.record.id}>
              <td>{r.unit_name}</td>
              {fields.map((f) => <td key={f.name}>{displayValue(f, r.record.fields[f.name])}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
