// Kế hoạch: the unit's plans and, for the one chosen, its numbered structure as imported.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { PlanDraft, PlanInfo, PlanNode } from "../bindings/types";
import { choosePdfTarget } from "../files";
import { t } from "../i18n/vi";

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

export function Plans() {
  const [plans, setPlans] = useState<PlanInfo[]>([]);
  const [chosen, setChosen] = useState<{ info: PlanInfo; plan: PlanDraft } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    commands.plans().then(setPlans).catch((e) => setError(errorMessage(e)));
  }, []);

  const open = (info: PlanInfo) =>
    commands
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
      {error && <div className="error-banner" role="alert">{error}</div>}
      <p>{t.plans.count(plans.length)}</p>
      {plans.length > 0 && (
        <table className="table" data-testid="plan-list">
          <tbody>
            {plans.map((p) => (
              <tr key={p.id} className="clickable" onClick={() => open(p)}>
                <td>{p.year}</td>
                <td>{p.doc_type}</td>
                <td>{p.summary}</td>
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
        </div>
      )}
      {chosen && (
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
