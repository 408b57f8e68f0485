// Kế hoạch: the unit's plans and, for the one chosen, its numbered structure as imported.

import { useCallback, useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { PlanDraft, PlanInfo, PlanNode } from "../bindings/types";
import { PlanEditor } from "../components/PlanEditor";
import { Preview } from "../components/Preview";
import { choosePdfTarget, choosePlanFile } from "../files";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";
import { ErrorBanner } from "../components/GuideLink";

function Node({ node }: { node: PlanNode }) {
  return (
    <div className={`plan-node plan-${node.kind}`}>
      <p>
        {node.marker && <span className="marker">{node.marker} </span>}
        {node.heading && <strong>{node.heading}</strong>}
        {node.heading && node.body ? " " : ""}
        {node.body}
      </p>
      {node.children.map((c, i) => (
        <Node key={i} node={c} />
      ))}
    </div>
  );
}

export function Plans({ unitCode }: { unitCode: string }) {
  const [plans, setPlans] = useState<PlanInfo[]>([]);
  const [chosen, setChosen] = useState<{ info: PlanInfo; plan: PlanDraft } | null>(null);
  const { notice, setNotice, error, setError, run } = useAction();

  const reload = useCallback(() => commands.plans().then(setPlans).catch((e) => setError(errorMessage(e))), [setError]);
  useEffect(() => void reload(), [reload]);

  const importPlan = () =>
    run(async () => {
      const path = await choosePlanFile();
      if (!path) return null;
      const info = await commands.import_plan(path);
      await reload();
      await open(info);
      return t.plans.imported(info.doc_type, info.sections);
    });
  const derive = (info: PlanInfo) =>
    run(async () => {
      const made = await commands.derive_plan(info.id, unitCode);
      await reload();
      await open(made);
      return t.plans.derived;
    });
  const [issueDay, setIssueDay] = useState("");
  const [editing, setEditing] = useState(false);
  const [preview, setPreview] = useState<string[] | null>(null);
  const showPreview = (info: PlanInfo) => commands.plan_preview(info.id).then(setPreview).catch((e) => setError(errorMessage(e)));
  const saveEdit = (info: PlanInfo, draft: PlanDraft) =>
    run(async () => {
      const saved = await commands.save_plan(info.id, draft);
      setEditing(false);
      await reload();
      await open(saved);
      return t.plans.saved;
    });
  const issue = (info: PlanInfo) =>
    run(async () => {
      const entry = await commands.issue_plan(info.id, issueDay);
      await open(info);
      return t.plans.issued(entry.number, entry.issued_on);
    });
  const print = (info: PlanInfo) => run(async () => t.plans.opened(await commands.open_plan_pdf(info.id)));

  const open = (info: PlanInfo) =>
    (setPreview(null), commands)
      .plan(info.id)
      .then((plan) => (setChosen({ info, plan }), setNotice(null)))
      .catch((e) => setError(errorMessage(e)));

  const savePdf = async (info: PlanInfo) => {
    try {
      const path = await choosePdfTarget(t.plans.pdfName(info.year));
      if (!path) return;
      await commands.plan_pdf(info.id, path);
      setNotice(t.plans.pdfSaved(path));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <main className="page plans">
      <h1>{t.plans.title}</h1>
      <p className="lead">{t.plans.lead}</p>
      <div className="actions left">
        <button className="secondary" data-testid="import-plan" onClick={importPlan}>{t.plans.importPlan}</button>
      </div>
      <ErrorBanner message={error} />
      <p>{t.plans.count(plans.length)}</p>
      {plans.length > 0 && (
        <table className="table" data-testid="plan-list">
          <tbody>
            {plans.map((p) => (
              <tr key={p.id} className="clickable" onClick={() => open(p)}>
                <td>{p.year}</td>
                <td>{p.doc_type}</td>
                <td>
                  <button className="link" onClick={(e) => (e.stopPropagation(), open(p))}>{p.summary}</button>
                </td>
                <td>{t.plans.sections(p.sections)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notice && <div className="notice" role="status">{notice}</div>}
      {chosen && (
        <div className="actions left">
          <button className="primary" onClick={() => savePdf(chosen.info)}>{t.plans.savePdf}</button>
          <button className="secondary" data-testid="preview-plan" onClick={() => showPreview(chosen.info)}>{t.preview.open}</button>
          <button className="secondary" data-testid="print-plan" onClick={() => print(chosen.info)}>{t.plans.openViewer}</button>
          <button className="secondary" data-testid="edit-plan" onClick={() => setEditing(true)}>{t.plans.edit}</button>
          <button className="secondary" data-testid="derive-plan" onClick={() => derive(chosen.info)}>{t.plans.derive}</button>
          <span className="inline-form">
            <input placeholder={t.plans.issueDay} aria-label={t.plans.issueDay} value={issueDay} onChange={(e) => setIssueDay(e.target.value)} data-testid="issue-day" />
            <button className="secondary" data-testid="issue-plan" onClick={() => issue(chosen.info)}>{t.plans.issue}</button>
          </span>
        </div>
      )}
      {preview && <Preview pages={preview} onClose={() => setPreview(null)} />}
      {chosen && editing && (
        <PlanEditor key={chosen.info.id} initial={chosen.plan} onSave={(d) => saveEdit(chosen.info, d)} onCancel={() => setEditing(false)} />
      )}
      {chosen && !editing && (
        <article className="card plan-view" data-testid="plan-view">
          <h2 className="center">{chosen.plan.doc_type}</h2>
          <p className="center"><strong>{chosen.plan.summary}</strong></p>
          {chosen.plan.opening.map((o, i) => (
            <p key={i} className="indent">{o}</p>
          ))}
          {chosen.plan.nodes.map((n, i) => (
            <Node key={i} node={n} />
          ))}
          {chosen.plan.closing.map((c, i) => (
            <p key={i} className="indent">{c}</p>
          ))}
          <div className="plan-closing">
            <div>
              <em><strong>{t.plans.recipients}</strong></em>
              {chosen.plan.recipients.map((r, i) => (
                <div key={i} className="small">{r}</div>
              ))}
            </div>
            <div className="center">
              <strong>{chosen.plan.signer_authority}</strong>
              <br />
              <strong>{chosen.plan.signer_title}</strong>
              <br />
              <br />
              <strong>{chosen.plan.signer_name}</strong>
            </div>
          </div>
        </article>
      )}
    </main>
  );
}
