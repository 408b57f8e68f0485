// Quyết định khen thưởng and the history, two tabs of Thi đua – Khen thưởng. The upper level
// issues the decision awarding a form of its own level to the nominees it approved (numbered
// in its document register), previews and prints it and its certificates, and sends each unit
// below its bundle. A unit sees the decisions it received. The history lists every
// commendation given, received and kept in the registers, searchable.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { AwardsOverview, CommendationEntry, DecisionView } from "../bindings/types";
import { Preview } from "../components/Preview";
import { chooseBundleTarget, choosePdfTarget, chooseXlsxTarget } from "../files";
import { t } from "../i18n/vi";
import { showLatest, type useAction } from "../useAction";
import { ErrorBanner } from "./GuideLink";

const y = t.yearEnd.awards;
type Run = ReturnType<typeof useAction>["run"];

export function Awards({ year, run, version }: { year: number; run: Run; version: number }) {
  const [overview, setOverview] = useState<AwardsOverview | null>(null);
  // The units below that proposed this year: each gets its bundle of a decision.
  const [proposers, setProposers] = useState<{ code: string; name: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  useEffect(() => showLatest(commands.award_decisions(year), setOverview, (e) => setError(errorMessage(e))), [year, version]);
  useEffect(
    () =>
      showLatest(
        commands.proposals(year),
        (all) => setProposers(all.filter((p) => p.reviewable).map((p) => ({ code: p.proposer_code, name: p.proposer_name })).filter((u, i, list) => list.findIndex((x) => x.code === u.code) === i)),
        (e) => setError(errorMessage(e)),
      ),
    [year, version],
  );
  if (error) return <ErrorBanner message={error} />;
  if (!overview) return null;
  const show = (pages: Promise<string[]>) => pages.then(setPreview).catch((e) => setError(errorMessage(e)));
  return (
    <section data-testid="awards">
      {preview && <Preview pages={preview} onClose={() => setPreview(null)} />}
      <h2>{y.title}</h2>
      <p className="muted">{y.lead}</p>
      <div className="toolbar">
        <button
          className="secondary"
          data-testid="proposals-xlsx"
          onClick={() =>
            run(async () => {
              const path = await chooseXlsxTarget(`de-nghi-khen-thuong-${year}.xlsx`);
              if (!path) return null;
              const n = await commands.proposals_xlsx(year, path);
              return y.exported(n, path);
            })
          }
        >
          {y.exportProposals}
        </button>
      </div>
      {overview.pending.map((p) => (
        <div className="card pending-award" key={p.form_code} data-testid={`award-pending-${p.form_code}`}>
          <p>{y.pending(p.form_name, p.approved)}</p>
          <button
            data-testid={`award-issue-${p.form_code}`}
            onClick={() =>
              run(async () => {
                const d = await commands.issue_award_decision(year, p.form_code);
                return y.issued(d.title);
              })
            }
          >
            {y.issue}
          </button>
        </div>
      ))}
      {overview.decisions.length === 0 && overview.pending.length === 0 && <p>{y.none(year)}</p>}
      {overview.decisions.map((d) => (
        <Decision key={d.id} decision={d} proposers={proposers} run={run} onPreview={show} />
      ))}
    </section>
  );
}

function Decision({
  decision: d,
  proposers,
  run,
  onPreview,
}: {
  decision: DecisionView;
  proposers: { code: string; name: string }[];
  run: Run;
  onPreview: (pages: Promise<string[]>) => void;
}) {
  const file = d.title.replace(/[^0-9A-Za-z]+/g, "-").toLowerCase();
  return (
    <article className="card decision" data-testid="award-decision">
      <h3>{d.title}</h3>
      <p className="muted">
        {d.form_name}
        {d.received ? ` — ${y.received}` : ""}
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>{t.yearEnd.proposals.kind}</th>
            <th>{t.yearEnd.proposals.name}</th>
            <th>{t.yearEnd.proposals.role}</th>
            <th>{y.proposer}</th>
          </tr>
        </thead>
        <tbody>
          {d.awardees.map((a, i) => (
            <tr key={i} data-testid="awardee">
              <td>{a.kind_label}</td>
              <td>{a.name}</td>
              <td>{a.role}</td>
              <td>{a.unit_name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!d.received && (
        <div className="toolbar">
          <button className="secondary" data-testid="award-preview" onClick={() => onPreview(commands.award_decision_preview(d.id))}>
            {y.previewDecision}
          </button>
          <button
            className="secondary"
            data-testid="award-pdf"
            onClick={() =>
              run(async () => {
                const path = await choosePdfTarget(`${file}.pdf`);
                if (!path) return null;
                await commands.award_decision_pdf(d.id, path);
                return y.printed(path);
              })
            }
          >
            {y.printDecision}
          </button>
          <button className="secondary" data-testid="certificates-preview" onClick={() => onPreview(commands.certificates_preview(d.id))}>
            {y.previewCertificates}
          </button>
          <button
            className="secondary"
            data-testid="certificates-pdf"
            onClick={() =>
              run(async () => {
                const path = await choosePdfTarget(`giay-khen-${file}.pdf`);
                if (!path) return null;
                const n = await commands.certificates_pdf(d.id, path);
                return y.certificatesPrinted(n, path);
              })
            }
          >
            {y.printCertificates}
          </button>
        </div>
      )}
      {!d.received && proposers.length > 0 && (
        <div className="toolbar">
          <span className="label">{y.send}</span>
          {proposers.map((u) => (
            <button
              key={u.code}
              className="secondary"
              data-testid={`award-send-${u.code}`}
              onClick={() =>
                run(async () => {
                  const path = await chooseBundleTarget(`quyet-dinh-khen-thuong-${u.code}.thidua`);
                  if (!path) return null;
                  await commands.export_award_decision(d.id, u.code, path);
                  return y.sent(u.name, path);
                })
              }
            >
              {u.name}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

export function CommendationHistory({ version }: { version: number }) {
  const [search, setSearch] = useState("");
  const [entries, setEntries] = useState<CommendationEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => showLatest(commands.commendation_history(search), setEntries, (e) => setError(errorMessage(e))), [search, version]);
  return (
    <section data-testid="history">
      <h2>{y.historyTitle}</h2>
      <p className="muted">{y.historyLead}</p>
      <label className="field inline">
        <span className="label">{y.search}</span>
        <input data-testid="history-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={y.searchHint} />
      </label>
      <ErrorBanner message={error} />
      {entries && entries.length === 0 && <p data-testid="history-count">{y.noHistory}</p>}
      {entries && entries.length > 0 && <p className="muted" data-testid="history-count">{y.found(entries.length)}</p>}
      {entries && entries.length > 0 && (
        <table className="grid" data-testid="history-table">
          <thead>
            <tr>
              <th>{t.yearEnd.proposals.name}</th>
              <th>{y.form}</th>
              <th>{y.year}</th>
              <th>{y.decision}</th>
              <th>{y.unit}</th>
              <th>{y.source}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h, i) => (
              <tr key={i} data-testid="history-row">
                <td>
                  {h.name}
                  {h.kind_label && <span className="muted"> ({h.kind_label})</span>}
                </td>
                <td>{h.form}</td>
                <td>{h.year}</td>
                <td>{h.decision}</td>
                <td>{h.unit_name}</td>
                <td>{h.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
