// Đề nghị khen thưởng, a tab of Thi đua – Khen thưởng. A unit writes its proposals (one per
// form and year): each collective or person with the achievement and the register records it
// rests on, prints the tờ trình, and the proposals go up with its yearly report. The upper
// level sees each proposal received beside the proposer's rank and the quota used, and decides
// each nominee: approve, cut or return, the last two with the reason.

import { type ReactNode, useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { AwardForm, LinkedRecord, NomineeView, ProposalView } from "../bindings/types";
import { Preview } from "../components/Preview";
import { choosePdfTarget } from "../files";
import { t } from "../i18n/vi";
import { showLatest, type useAction } from "../useAction";
import { ErrorBanner } from "./GuideLink";

const y = t.yearEnd.proposals;
type Run = ReturnType<typeof useAction>["run"];

export function Proposals({ year, run, version }: { year: number; run: Run; version: number }) {
  const [proposals, setProposals] = useState<ProposalView[] | null>(null);
  const [forms, setForms] = useState<AwardForm[]>([]);
  const [records, setRecords] = useState<LinkedRecord[]>([]);
  const [form, setForm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string[] | null>(null);
  useEffect(() => showLatest(commands.proposals(year), setProposals, (e) => setError(errorMessage(e))), [year, version]);
  useEffect(() => showLatest(commands.achievement_records(year), setRecords, (e) => setError(errorMessage(e))), [year, version]);
  useEffect(
    () =>
      showLatest(
        commands.award_forms(),
        (f) => {
          setForms(f);
          setForm((cur) => cur || (f.find((x) => x.may_propose)?.code ?? ""));
        },
        (e) => setError(errorMessage(e)),
      ),
    [],
  );
  if (error) return <ErrorBanner message={error} />;
  if (!proposals) return null;
  const own = proposals.filter((p) => !p.reviewable);
  const received = proposals.filter((p) => p.reviewable);
  const proposable = forms.filter((f) => f.may_propose);
  return (
    <section data-testid="proposals">
      {preview && <Preview pages={preview} onClose={() => setPreview(null)} />}
      <h2>{y.ownTitle}</h2>
      <p className="muted">{y.ownLead}</p>
      {proposable.length > 0 ? (
        <div className="toolbar">
          <label className="field inline">
            <span className="label">{y.form}</span>
            <select data-testid="proposal-form" value={form} onChange={(e) => setForm(e.target.value)}>
              {proposable.map((f) => (
                <option key={f.code} value={f.code}>{f.full_name}{f.quota ? ` (${f.quota})` : ""}</option>
              ))}
            </select>
          </label>
          <button
            className="secondary"
            data-testid="proposal-new"
            disabled={!form}
            onClick={() =>
              run(async () => {
                const p = await commands.new_proposal(year, form);
                return y.opened(p.form.full_name);
              })
            }
          >
            {y.open}
          </button>
        </div>
      ) : (
        <p className="muted">{y.noForms}</p>
      )}
      {own.length === 0 && <p>{y.noOwn(year)}</p>}
      {own.map((p) => (
        <OwnProposal key={p.id} proposal={p} records={records} run={run} onPreview={setPreview} />
      ))}
      {received.length > 0 && (
        <>
          <h2>{y.receivedTitle}</h2>
          <p className="muted">{y.receivedLead}</p>
          {received.map((p) => (
            <ReceivedProposal key={p.id} proposal={p} run={run} />
          ))}
        </>
      )}
    </section>
  );
}

function Nominees({ nominees, actions }: { nominees: NomineeView[]; actions: (n: NomineeView) => ReactNode }) {
  if (nominees.length === 0) return <p className="muted">{y.noNominees}</p>;
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>{y.name}</th>
            <th>{y.role}</th>
            <th>{y.achievement}</th>
            <th>{y.decision}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {nominees.map((n) => (
            <tr key={n.id} data-testid={`nominee-${n.name}`} className={n.decision === "cut" || n.decision === "returned" ? "differs" : ""}>
              <td>
                <strong>{n.name}</strong>
                <div className="muted">{n.kind_label}</div>
              </td>
              <td>{n.role}</td>
              <td>
                {n.achievement}
                {n.records.length > 0 && (
                  <ul className="muted">
                    {n.records.map((r) => (
                      <li key={r.reference}>{r.label}</li>
                    ))}
                  </ul>
                )}
                {n.flag && <div className="late" data-testid="nominee-flag">{n.flag}</div>}
              </td>
              <td data-testid="nominee-decision">
                {n.decision_label}
                {n.decision_reason ? `: ${n.decision_reason}` : ""}
              </td>
              <td>{actions(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OwnProposal({
  proposal: p,
  records,
  run,
  onPreview,
}: {
  proposal: ProposalView;
  records: LinkedRecord[];
  run: Run;
  onPreview: (pages: string[]) => void;
}) {
  const [kind, setKind] = useState("ca_nhan");
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [achievement, setAchievement] = useState("");
  const [linked, setLinked] = useState<string[]>([]);
  const toggle = (r: string) => setLinked((l) => (l.includes(r) ? l.filter((x) => x !== r) : [...l, r]));
  const file = `to-trinh-de-nghi-${p.form.code}-${p.year}.pdf`;
  return (
    <section className="card" data-testid={`proposal-${p.form.code}`}>
      <h3>{p.form.full_name}</h3>
      <p className="muted">{p.state_label}{p.form.quota ? ` — ${p.form.quota}` : ""}</p>
      <Nominees
        nominees={p.nominees}
        actions={(n) =>
          p.editable && (
            <button className="link" data-testid="nominee-remove" onClick={() =>
                run(async () => {
                  await commands.remove_nominee(n.id);
                  return y.removed(n.name);
                })
              }>
              {y.remove}
            </button>
          )
        }
      />
      {p.editable && (
        <div className="nominee-form" data-testid="nominee-form">
          <div className="form-row">
            <label className="field">
              <span className="label">{y.kind}</span>
              <select data-testid="nominee-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="tap_the">{y.collective}</option>
                <option value="ca_nhan">{y.individual}</option>
              </select>
            </label>
            <label className="field grow">
              <span className="label">{y.name}</span>
              <input data-testid="nominee-name" value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="field grow">
              <span className="label">{y.role}</span>
              <input data-testid="nominee-role" value={role} onChange={(e) => setRole(e.target.value)} />
            </label>
          </div>
          <label className="field">
            <span className="label">{y.achievement}</span>
            <textarea data-testid="nominee-achievement" rows={3} value={achievement} onChange={(e) => setAchievement(e.target.value)} />
          </label>
          {records.length > 0 && (
            <fieldset className="records-pick">
              <legend>{y.records}</legend>
              {records.map((r) => (
                <label key={r.reference} className="check">
                  <input type="checkbox" checked={linked.includes(r.reference)} onChange={() => toggle(r.reference)} />
                  {r.label}
                </label>
              ))}
            </fieldset>
          )}
          <div className="toolbar">
            <button
              data-testid="nominee-add"
              onClick={() =>
                run(async () => {
                  await commands.add_nominee(p.id, { kind, name, role, achievement, records: linked });
                  setName("");
                  setRole("");
                  setAchievement("");
                  setLinked([]);
                  return y.added(name);
                })
              }
            >
              {y.add}
            </button>
          </div>
        </div>
      )}
      {p.nominees.length > 0 && (
        <div className="toolbar">
          <button className="secondary" data-testid="proposal-preview" onClick={() =>
              run(async () => {
                onPreview(await commands.proposal_preview(p.id));
                return null;
              })
            }>
            {y.preview}
          </button>
          <button
            className="secondary"
            data-testid="proposal-pdf"
            onClick={() =>
              run(async () => {
                const path = await choosePdfTarget(file);
                if (!path) return null;
                await commands.proposal_pdf(p.id, path);
                return y.printed(path);
              })
            }
          >
            {y.print}
          </button>
        </div>
      )}
    </section>
  );
}

function ReceivedProposal({ proposal: p, run }: { proposal: ProposalView; run: Run }) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const decide = (n: NomineeView, decision: string) =>
    run(async () => {
      await commands.decide_nominee(n.id, decision, reasons[n.id] ?? "");
      return y.decided(n.name, decision);
    });
  return (
    <section className="card" data-testid={`received-${p.proposer_code}`}>
      <h3>{p.proposer_name} — {p.form.full_name}</h3>
      <p className="muted">
        {[p.state_label, p.standing, p.quota_used].filter(Boolean).join(" · ")}
      </p>
      <Nominees
        nominees={p.nominees}
        actions={(n) => (
          <div className="decide">
            <input
              data-testid="decision-reason"
              placeholder={y.reason}
              value={reasons[n.id] ?? ""}
              onChange={(e) => setReasons((r) => ({ ...r, [n.id]: e.target.value }))}
            />
            <button className="link" data-testid="decide-approved" onClick={() => decide(n, "approved")}>{y.approve}</button>
            <button className="link" data-testid="decide-cut" onClick={() => decide(n, "cut")}>{y.cut}</button>
            <button className="link" data-testid="decide-returned" onClick={() => decide(n, "returned")}>{y.returnIt}</button>
            {n.decision && <button className="link" data-testid="decide-undo" onClick={() => decide(n, "")}>{y.undo}</button>}
          </div>
        )}
      />
    </section>
  );
}
