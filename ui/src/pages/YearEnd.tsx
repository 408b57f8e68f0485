// Thi đua – Khen thưởng: the upper level's year's end. The units below scored against the
// scoring table in use (points from their yearly reports, targets and deadlines; the criteria
// the data cannot give scored here with a reason), the unit's own score beside the upper
// level's with every difference marked, the ranking over all units or within a cluster; the
// scoring table itself (import, example, export), the targets given to each unit, the clusters.

import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { commands, errorMessage } from "../api";
import type { ClusterView, OwnScoring, PeriodInfo, ScoreCell, Scoring, ScoringTableInfo, ScoringTableView, TargetsView, UnitScoreRow } from "../bindings/types";
import { CriteriaEditor, type TableJson } from "../components/CriteriaEditor";
import { Awards, CommendationHistory } from "../components/Awards";
import { Preview } from "../components/Preview";
import { Proposals } from "../components/Proposals";
import { chooseBundleTarget, choosePdfTarget, chooseScoringTable, chooseXlsxTarget } from "../files";
import { formatInteger } from "../format";
import { t } from "../i18n/vi";
import { showLatest, useAction } from "../useAction";
import { ErrorBanner } from "../components/GuideLink";

const y = t.yearEnd;
const TABS = ["own", "ranking", "proposals", "awards", "history", "criteria", "targets", "clusters"] as const;
type Tab = (typeof TABS)[number];
// What a unit without units below does here: score itself, read its upper level's table.
const OWN_TABS: Tab[] = ["own", "proposals", "awards", "history", "criteria"];
type Run = ReturnType<typeof useAction>["run"];

/** The years the installation has periods for, newest first; this year when it has none. */
function yearsOf(periods: PeriodInfo[]): number[] {
  const years = [...new Set(periods.map((p) => Number(p.code.slice(0, 4))))].sort((a, b) => b - a);
  return years.length ? years : [new Date().getFullYear()];
}

export function YearEnd({ upper, hasParent }: { upper: boolean; hasParent: boolean }) {
  const tabs = TABS.filter((k) => (upper ? k !== "own" || hasParent : OWN_TABS.includes(k)));
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [year, setYear] = useState<number | null>(null);
  const [cluster, setCluster] = useState("");
  const [tab, setTab] = useState<Tab>(upper ? "ranking" : "own");
  const [tables, setTables] = useState<ScoringTableInfo[] | null>(null);
  const [scoring, setScoring] = useState<Scoring | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  // Bumped after every change, so the open tab reads the data again.
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const { notice, error, run, busy } = useAction(refresh);

  // Opens on the newest year whose yearly reports have come in (the one being scored), else
  // the newest year.
  useEffect(() => {
    Promise.all([commands.periods(), commands.reporting_timeline()])
      .then(([p, timeline]) => {
        setPeriods(p);
        // A unit scoring itself: the newest year it has a yearly report for.
        const reported = upper
          ? timeline.filter((r) => /^\d{4}$/.test(r.period) && r.on_time + r.late > 0).map((r) => Number(r.period))
          : p.filter((x) => /^\d{4}$/.test(x.code) && x.report_state !== null).map((x) => Number(x.code));
        setYear((cur) => cur ?? (reported.length ? Math.max(...reported) : yearsOf(p)[0]));
      })
      .catch((e) => setLoadError(errorMessage(e)));
  }, [upper]);
  useEffect(() => showLatest(commands.scoring_tables(), setTables, (e) => setLoadError(errorMessage(e))), [version]);
  const hasTable = (tables?.length ?? 0) > 0;
  useEffect(() => {
    if (year === null || !hasTable || !upper) return;
    return showLatest(commands.scoring(year, cluster || null), setScoring, (e) => setLoadError(errorMessage(e)));
  }, [year, cluster, hasTable, upper, version]);

  return (
    <main className="page year-end">
      <h1>{y.title}</h1>
      <p className="lead">{upper ? y.lead : y.ownLead}</p>
      <div className="toolbar">
        <label className="field inline">
          <span className="label">{y.year}</span>
          <select data-testid="year-end-year" value={year ?? ""} onChange={(e) => setYear(Number(e.target.value))}>
            {yearsOf(periods).map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>
        </label>
        {scoring && scoring.clusters.length > 0 && (
          <label className="field inline">
            <span className="label">{y.cluster}</span>
            <select data-testid="year-end-cluster" value={cluster} onChange={(e) => setCluster(e.target.value)}>
              <option value="">{y.allUnits}</option>
              {scoring.clusters.map((c) => (
                <option key={c.code} value={c.code}>{c.name}</option>
              ))}
            </select>
          </label>
        )}
        {scoring && year !== null && (
          <button
            className="secondary"
            data-testid="ranking-xlsx"
            onClick={() =>
              run(async () => {
                const path = await chooseXlsxTarget(`xep-hang-thi-dua-${year}${cluster ? `-${cluster}` : ""}.xlsx`);
                if (!path) return null;
                await commands.ranking_xlsx(year, cluster || null, path);
                return y.rankingSaved(path);
              })
            }
          >
            {y.exportRanking}
          </button>
        )}
        {scoring && year !== null && (
          <>
            <button
              className="secondary"
              data-testid="ranking-preview"
              onClick={() => commands.ranking_preview(year, cluster || null).then(setPreview).catch((e) => setLoadError(errorMessage(e)))}
            >
              {y.previewNotice}
            </button>
            <button
              className="secondary"
              data-testid="ranking-pdf"
              onClick={() =>
                run(async () => {
                  const path = await choosePdfTarget(`thong-bao-xep-hang-thi-dua-${year}${cluster ? `-${cluster}` : ""}.pdf`);
                  if (!path) return null;
                  await commands.ranking_pdf(year, cluster || null, path);
                  return y.noticeSaved(path);
                })
              }
            >
              {y.printNotice}
            </button>
          </>
        )}
      </div>
      {preview && <Preview pages={preview} onClose={() => setPreview(null)} />}
      {busy && <div className="busy" role="status">{t.working}</div>}
      {notice && <div className="notice" role="status" data-testid="year-end-notice">{notice}</div>}
      <ErrorBanner message={error ?? loadError} testId="year-end-error" />
      <div className="tabs">
        {tabs.map((k) => (
          <button key={k} className={k === tab ? "tab active" : "tab"} data-testid={`year-end-tab-${k}`} onClick={() => setTab(k)}>
            {y.tabs[k]}
          </button>
        ))}
      </div>
      {tables !== null && !hasTable && (upper ? <NoTable run={run} /> : <p className="notice" data-testid="no-scoring-table">{y.noTableFromAbove}</p>)}
      {tab === "own" && hasTable && year !== null && <OwnScore year={year} run={run} version={version} />}
      {tab === "ranking" && hasTable && scoring && year !== null && <Ranking scoring={scoring} year={year} run={run} />}
      {tab === "proposals" && year !== null && <Proposals year={year} run={run} version={version} />}
      {tab === "awards" && year !== null && <Awards year={year} run={run} version={version} />}
      {tab === "history" && <CommendationHistory version={version} />}
      {tab === "criteria" && hasTable && <Criteria run={run} version={version} upper={upper} />}
      {tab === "targets" && year !== null && <Targets year={year} run={run} version={version} />}
      {tab === "clusters" && year !== null && <Clusters year={year} run={run} version={version} />}
    </main>
  );
}

function TableButtons({ run }: { run: Run }) {
  return (
    <div className="toolbar">
      <button
        className="secondary"
        data-testid="scoring-table-example"
        onClick={() =>
          run(async () => {
            const info = await commands.use_example_scoring_table();
            return y.tableStored(info.name, info.version);
          })
        }
      >
        {y.useExample}
      </button>
      <button
        className="secondary"
        data-testid="scoring-table-import"
        onClick={() =>
          run(async () => {
            const path = await chooseScoringTable();
            if (!path) return null;
            const info = await commands.import_scoring_table(path);
            return y.tableStored(info.name, info.version);
          })
        }
      >
        {y.importTable}
      </button>
    </div>
  );
}

function NoTable({ run }: { run: Run }) {
  return (
    <section className="card" data-testid="no-scoring-table">
      <p>{y.noTable}</p>
      <TableButtons run={run} />
    </section>
  );
}

type SortKey = "rank" | "unit" | "own" | "differences";

function Ranking({ scoring, year, run }: { scoring: Scoring; year: number; run: Run }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [sort, setSort] = useState<SortKey>("rank");
  const rows = useMemo(() => {
    const list = [...scoring.units];
    const ranked = (u: UnitScoreRow) => (u.rank === 0 ? Number.MAX_SAFE_INTEGER : scoring.cluster ? u.cluster_rank : u.rank);
    const points = (s: string) => (s ? Number(s.replace(/\./g, "").replace(",", ".").replace("−", "-")) : -Infinity);
    if (sort === "rank") list.sort((a, b) => ranked(a) - ranked(b));
    if (sort === "unit") list.sort((a, b) => a.unit_name.localeCompare(b.unit_name, "vi"));
    if (sort === "own") list.sort((a, b) => points(b.own_total) - points(a.own_total));
    if (sort === "differences") list.sort((a, b) => b.differences - a.differences);
    return list;
  }, [scoring, sort]);
  const chosen = scoring.units.find((u) => u.unit_code === selected) ?? null;
  const ranked = scoring.units.filter((u) => u.rank > 0).length;
  const head = (key: SortKey, label: string) => (
    <th>
      <button className={sort === key ? "link active" : "link"} data-testid={`sort-${key}`} onClick={() => setSort(key)}>{label}</button>
    </th>
  );
  return (
    <>
      <p className="muted" data-testid="ranking-summary">{y.summary(ranked, scoring.units.length)} {scoring.table.name}, phiên bản {scoring.table.version}.</p>
      <div className="table-scroll">
        <table className="table" data-testid="ranking">
          <thead>
            <tr>
              {head("rank", scoring.cluster ? y.clusterRank : y.rank)}
              {head("unit", y.unit)}
              <th>{y.cluster}</th>
              {head("own", y.ownTotal)}
              <th className="num">{y.total}</th>
              <th>{y.class}</th>
              {head("differences", y.differences)}
              <th className="num">{y.unanswered}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const place = scoring.cluster ? u.cluster_rank : u.rank;
              return (
                <tr key={u.unit_code} className={u.unit_code === selected ? "selected clickable" : "clickable"} onClick={() => setSelected(u.unit_code)}>
                  <td title={place === 0 ? y.notRankedHint : undefined}>{place === 0 ? y.notRanked : `${place}${u.tied && !scoring.cluster ? ` (${y.tied})` : ""}`}</td>
                  <td>
                    <button className="link" data-testid={`rank-${u.unit_code}`} onClick={() => setSelected(u.unit_code)}>{u.unit_name}</button>
                    {u.role ? ` — ${u.role}` : ""}
                  </td>
                  <td>{u.cluster_name}</td>
                  <td className="num">{u.own_total}</td>
                  <td className="num strong" data-testid={`total-${u.unit_code}`}>{u.rank === 0 && !u.has_report ? "" : u.total}</td>
                  <td>{u.rank === 0 ? "" : u.class || y.noClass}</td>
                  <td className={u.differences > 0 ? "num late" : "num"}>{u.differences || ""}</td>
                  <td className="num">{u.unanswered || ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {chosen && <UnitDetail key={chosen.unit_code} unit={chosen} scoring={scoring} year={year} run={run} />}
    </>
  );
}

function UnitDetail({ unit, scoring, year, run }: { unit: UnitScoreRow; scoring: Scoring; year: number; run: Run }) {
  const [criterion, setCriterion] = useState(scoring.criteria.find((c) => !c.from_data)?.code ?? scoring.criteria[0]?.code ?? "");
  const [value, setValue] = useState("");
  const [reason, setReason] = useState("");
  const head = scoring.criteria.find((c) => c.code === criterion);
  // The detail opens under a long list: bring it into view when a unit is chosen.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.scrollIntoView({ block: "start" }), []);
  const cellOf = (code: string): ScoreCell | undefined => unit.cells.find((c) => c.code === code);
  return (
    <section className="card" data-testid="score-detail" ref={panel}>
      <h2>{y.detailTitle(unit.unit_name, unit.total, unit.class)}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{y.code}</th>
              <th>{y.criterion}</th>
              <th className="num">{y.ownTotal}</th>
              <th className="num">{y.upper}</th>
              <th>{y.how}</th>
              <th>{y.why}</th>
            </tr>
          </thead>
          <tbody>
            {scoring.criteria.map((c) => {
              const cell = cellOf(c.code);
              return (
                <tr key={c.code} className={cell?.differs ? "differs" : ""} data-testid={`cell-${c.code}`}>
                  <td>{c.code}</td>
                  <td>{c.name}{c.standard ? ` (${c.standard} điểm)` : ""}</td>
                  <td className="num">{cell?.own_points}</td>
                  <td className="num strong">{cell?.points}</td>
                  <td>{cell?.explanation}</td>
                  <td>
                    {cell && cell.source !== "none" && <span className="muted">{y.sources[cell.source]}{cell.reason ? ": " : ""}</span>}
                    {cell?.reason}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{y.scoreTitle}</h3>
      <div className="form-row">
        <label className="field">
          <span className="label">{y.criterion}</span>
          <select data-testid="score-criterion" value={criterion} onChange={(e) => setCriterion(e.target.value)}>
            {scoring.criteria.map((c) => (
              <option key={c.code} value={c.code}>{c.code} {c.name}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="label">{y.value}</span>
          <input data-testid="score-value" value={value} placeholder={head?.entry_hint} onChange={(e) => setValue(e.target.value)} />
        </label>
        <label className="field grow">
          <span className="label">{y.reason}</span>
          <input data-testid="score-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      </div>
      <div className="toolbar">
        <button
          data-testid="score-set"
          onClick={() =>
            run(async () => {
              await commands.set_score(year, unit.unit_code, criterion, value, reason);
              setValue("");
              setReason("");
              return y.scored(criterion, unit.unit_name);
            })
          }
        >
          {y.setScore}
        </button>
        {unit.rank > 0 && (
          <button
            className="secondary"
            data-testid="score-send"
            onClick={() =>
              run(async () => {
                const path = await chooseBundleTarget(`${unit.unit_code}-ket-qua-thi-dua-${year}.thidua`);
                if (!path) return null;
                const b = await commands.export_scoring_result(year, unit.unit_code, path);
                return y.resultSent(unit.unit_name, b.file);
              })
            }
          >
            {y.sendResult}
          </button>
        )}
        {cellOf(criterion)?.source === "upper" && (
          <button
            className="secondary"
            data-testid="score-clear"
            onClick={() =>
              run(async () => {
                await commands.set_score(year, unit.unit_code, criterion, null, "");
                return y.cleared(criterion, unit.unit_name);
              })
            }
          >
            {y.clearScore}
          </button>
        )}
      </div>
    </section>
  );
}

function Criteria({ run, version, upper }: { run: Run; version: number; upper: boolean }) {
  const [view, setView] = useState<ScoringTableView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<TableJson | null>(null);
  useEffect(() => showLatest(commands.scoring_table(), setView, (e) => setError(errorMessage(e))), [version]);
  if (error) return <ErrorBanner message={error} />;
  if (!view) return null;
  const info = view.info;
  if (editing) {
    return (
      <CriteriaEditor
        table={editing}
        onCancel={() => setEditing(null)}
        onSave={(table) =>
          run(async () => {
            const json = JSON.stringify(table, (_, v) => {
              if (typeof v === "number" && !Number.isFinite(v)) throw new Error(y.editor.badNumber);
              return v;
            });
            const saved = await commands.save_scoring_table_json(json);
            setEditing(null);
            return y.tableStored(saved.name, saved.version);
          })
        }
      />
    );
  }
  return (
    <section data-testid="scoring-table">
      <p className="strong">{y.tableInUse(info.name, info.version, info.standard_total, info.stored_on)}</p>
      <div className="toolbar">
        {upper && (
          <button
            className="secondary"
            data-testid="scoring-table-edit"
            onClick={() => commands.scoring_table_json().then((j) => setEditing(JSON.parse(j) as TableJson)).catch((e) => setError(errorMessage(e)))}
          >
            {y.editTable}
          </button>
        )}
        {upper && <TableButtons run={run} />}
        <button
          className="secondary"
          data-testid="scoring-table-export"
          onClick={() =>
            run(async () => {
              const path = await chooseXlsxTarget(`bang-tieu-chi-${info.code}-v${info.version}.xlsx`);
              if (!path) return null;
              await commands.export_scoring_table(path);
              return y.tableExported(path);
            })
          }
        >
          {y.exportTable}
        </button>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th>{y.code}</th>
            <th>{y.criterion}</th>
            <th className="num">{y.standard}</th>
            <th>{y.method}</th>
          </tr>
        </thead>
        <tbody>
          {view.criteria.map((c, i) => (
            <Fragment key={c.code}>
              {(i === 0 || view.criteria[i - 1].group_code !== c.group_code) && (
                <tr className="group-row">
                  <td colSpan={4}>{c.group_code}. {c.group_name}</td>
                </tr>
              )}
              <tr>
                <td>{c.code}</td>
                <td>{c.name}</td>
                <td className="num">{c.standard}</td>
                <td>{c.method}</td>
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
      <p><strong>{y.rules}:</strong> {view.rules}</p>
      <p><strong>{y.classes}:</strong> {view.classes.join("; ")}.</p>
    </section>
  );
}

/** This unit's own score: points from its yearly report and targets, the rest entered with evidence. */
function OwnScore({ year, run, version }: { year: number; run: Run; version: number }) {
  const [view, setView] = useState<OwnScoring | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [criterion, setCriterion] = useState("");
  const [value, setValue] = useState("");
  const [evidence, setEvidence] = useState("");
  useEffect(() => showLatest(commands.own_scoring(year), setView, (e) => setError(errorMessage(e))), [year, version]);
  if (error) return <ErrorBanner message={error} />;
  if (!view) return null;
  const enterable = view.criteria.filter((c) => view.cells.some((x) => x.code === c.code && !x.from_data && !x.upper_only));
  const chosen = criterion || enterable[0]?.code || "";
  const head = view.criteria.find((c) => c.code === chosen);
  return (
    <section data-testid="own-score">
      <p className="strong" data-testid="own-total">{y.ownTotalLine(view.total, view.class, view.table.name, view.table.version)}</p>
      {view.upper && (
        <p className="notice" data-testid="upper-result">
          {y.upperResult(view.upper.by, view.upper.total, view.upper.class, view.upper.standing, view.upper.received_on)}
        </p>
      )}
      {!view.editable && <p className="notice">{y.ownLocked(year)}</p>}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{y.code}</th>
              <th>{y.criterion}</th>
              <th className="num">{y.ownTotal}</th>
              <th>{y.how}</th>
              <th>{y.evidence}</th>
              {view.upper && <th className="num">{y.upper}</th>}
              {view.upper && <th>{y.why}</th>}
            </tr>
          </thead>
          <tbody>
            {view.criteria.map((c) => {
              const cell = view.cells.find((x) => x.code === c.code);
              return (
                <tr key={c.code} data-testid={`own-cell-${c.code}`}>
                  <td>{c.code}</td>
                  <td>{c.name}{c.standard ? ` (${c.standard} điểm)` : ""}</td>
                  <td className="num strong">{cell?.points}</td>
                  <td>{cell?.explanation}</td>
                  <td>{cell?.evidence}</td>
                  {view.upper && <td className={cell && cell.upper_points !== cell.points ? "num strong late" : "num strong"}>{cell?.upper_points}</td>}
                  {view.upper && <td>{cell?.upper_note}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {view.editable && enterable.length > 0 && (
        <>
          <h3>{y.scoreTitle}</h3>
          <div className="form-row">
            <label className="field">
              <span className="label">{y.criterion}</span>
              <select data-testid="own-criterion" value={chosen} onChange={(e) => setCriterion(e.target.value)}>
                {enterable.map((c) => (
                  <option key={c.code} value={c.code}>{c.code} {c.name}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="label">{y.value}</span>
              <input data-testid="own-value" value={value} placeholder={head?.entry_hint} onChange={(e) => setValue(e.target.value)} />
            </label>
            <label className="field grow">
              <span className="label">{y.evidenceInput}</span>
              <input data-testid="own-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)} />
            </label>
          </div>
          <button
            data-testid="own-set"
            onClick={() =>
              run(async () => {
                await commands.set_own_score(year, chosen, value, evidence);
                setValue("");
                setEvidence("");
                return y.ownScored(chosen);
              })
            }
          >
            {y.setScore}
          </button>
        </>
      )}
    </section>
  );
}

function Targets({ year, run, version }: { year: number; run: Run; version: number }) {
  const [view, setView] = useState<TargetsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => showLatest(commands.targets(year), setView, (e) => setError(errorMessage(e))), [year, version]);
  if (error) return <ErrorBanner message={error} />;
  if (!view) return null;
  return (
    <section>
      <p className="muted">{y.targetsLead}</p>
      <div className="table-scroll">
        <table className="table" data-testid="targets">
          <thead>
            <tr>
              <th>{y.unit}</th>
              {view.indicators.map(([code, name, measure]) => (
                <th key={code} className="num" title={`${name} (${measure})`}>{code}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.units.map((u) => (
              <tr key={u.unit_code}>
                <td>{u.unit_name}</td>
                {view.indicators.map(([code], i) => {
                  const shown = u.targets[i] === null ? "" : formatInteger(u.targets[i]!);
                  return (
                    <td key={code} className="num">
                      <input
                        className="cell-input"
                        data-testid={`target-${u.unit_code}-${code}`}
                        defaultValue={shown}
                        inputMode="numeric"
                        onBlur={(e) => {
                          const typed = e.target.value.trim();
                          if (typed === shown) return;
                          run(async () => {
                            await commands.set_targets(year, u.unit_code, [[code, typed]]);
                            return y.targetSaved(u.unit_name);
                          });
                        }}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Clusters({ year, run, version }: { year: number; run: Run; version: number }) {
  const [clusters, setClusters] = useState<ClusterView[] | null>(null);
  const [units, setUnits] = useState<[string, string][]>([]);
  const [editing, setEditing] = useState<ClusterView | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => showLatest(commands.clusters(year), setClusters, (e) => setError(errorMessage(e))), [year, version]);
  useEffect(
    () => showLatest(commands.targets(year), (v) => setUnits(v.units.map((u) => [u.unit_code, u.unit_name])), (e) => setError(errorMessage(e))),
    [year],
  );
  if (error) return <ErrorBanner message={error} />;
  if (!clusters) return null;
  return (
    <section>
      <p className="muted">{y.clustersLead}</p>
      {clusters.length === 0 && <p>{y.noClusters}</p>}
      <div className="cards">
        {clusters.map((c) => (
          <section className="card" key={c.code} data-testid={`cluster-${c.code}`}>
            <h2>{c.code} — {c.name}</h2>
            <p>{y.leader}: {c.leader || y.none}; {y.deputy.toLowerCase()}: {c.deputy || y.none}</p>
            <p className="muted">{c.units.map(([, name]) => name).join(", ")}</p>
            <button className="secondary" onClick={() => setEditing(c)}>{y.editCluster}</button>
          </section>
        ))}
      </div>
      {editing === null ? (
        <button className="secondary" data-testid="cluster-new" onClick={() => setEditing("new")}>{y.newCluster}</button>
      ) : (
        <ClusterForm
          key={editing === "new" ? "new" : editing.code}
          existing={editing === "new" ? null : editing}
          units={units}
          onCancel={() => setEditing(null)}
          onSave={(code, name, leader, deputy, members) =>
            run(async () => {
              const saved = await commands.save_cluster(year, code, name, leader || null, deputy || null, members);
              setEditing(null);
              return y.clusterSaved(saved.name, saved.units.length);
            })
          }
        />
      )}
    </section>
  );
}

function ClusterForm({
  existing,
  units,
  onCancel,
  onSave,
}: {
  existing: ClusterView | null;
  units: [string, string][];
  onCancel: () => void;
  onSave: (code: string, name: string, leader: string, deputy: string, members: string[]) => void;
}) {
  const codeOf = (name: string) => existing?.units.find(([, n]) => n === name)?.[0] ?? "";
  const [code, setCode] = useState(existing?.code ?? "");
  const [name, setName] = useState(existing?.name ?? "");
  const [leader, setLeader] = useState(existing ? codeOf(existing.leader) : "");
  const [deputy, setDeputy] = useState(existing ? codeOf(existing.deputy) : "");
  const [members, setMembers] = useState<string[]>(existing?.units.map(([c]) => c) ?? []);
  const toggle = (c: string) => setMembers((m) => (m.includes(c) ? m.filter((x) => x !== c) : [...m, c]));
  const picker = (value: string, set: (v: string) => void, testid: string) => (
    <select data-testid={testid} value={value} onChange={(e) => set(e.target.value)}>
      <option value="">{y.none}</option>
      {units.map(([c, n]) => (
        <option key={c} value={c}>{n}</option>
      ))}
    </select>
  );
  return (
    <section className="card" data-testid="cluster-form">
      <div className="form-row">
        <label className="field">
          <span className="label">{y.clusterCode}</span>
          <input data-testid="cluster-code" value={code} disabled={existing !== null} onChange={(e) => setCode(e.target.value)} />
        </label>
        <label className="field grow">
          <span className="label">{y.clusterName}</span>
          <input data-testid="cluster-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span className="label">{y.leader}</span>
          {picker(leader, setLeader, "cluster-leader")}
        </label>
        <label className="field">
          <span className="label">{y.deputy}</span>
          {picker(deputy, setDeputy, "cluster-deputy")}
        </label>
      </div>
      <span className="label">{y.members}</span>
      <div className="checklist">
        {units.map(([c, n]) => (
          <label key={c} className="check">
            <input type="checkbox" data-testid={`cluster-member-${c}`} checked={members.includes(c) || c === leader || c === deputy} onChange={() => toggle(c)} />
            {n}
          </label>
        ))}
      </div>
      <div className="toolbar">
        <button data-testid="cluster-save" onClick={() => onSave(code, name, leader, deputy, members.filter((m) => m !== leader && m !== deputy))}>
          {y.saveCluster}
        </button>
        <button className="secondary" onClick={onCancel}>{y.cancel}</button>
      </div>
    </section>
  );
}
