// Kế hoạch: the unit's plans and, for the one chosen, its numbered structure as imported.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { PlanDraft, PlanInfo, PlanNode } from "../bindings/types";
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
  const [chosen, setChosen] = useState<PlanDraft | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    commands.plans().then(setPlans).catch((e) => setError(errorMessage(e)));
  }, []);

  const open = (id: string) => commands.plan(id).then(setChosen).catch((e) => setError(errorMessage(e)));

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
              <tr key={p.id} className="clickable" onClick={() => open(p.id)}>
                <td>{p.year}</td>
                <td>{p.doc_type}</td>
                <td>{p.summary}</td>
                <td>{t.plans.sections(p.sections)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <article className="card plan-view" data-testid="plan-view">
          <h2 className="center">{chosen.doc_type}</h2>
          <p className="center"><strong>{chosen.summary}</strong></p>
          {chosen.opening.map((o, i) => (
            <p key={i} className="indent">{o}</p>
          ))}
          {chosen.nodes.map((n, i) => (
            <Node key={i} node={n} />
          ))}
          {chosen.closing.map((c, i) => (
            <p key={i} className="indent">{c}</p>
          ))}
          <div className="plan-closing">
            <div>
              <em><strong>{t.plans.recipients}</strong></em>
              {chosen.recipients.map((r, i) => (
                <div key={i} className="small">{r}</div>
              ))}
            </div>
            <div className="center">
              <strong>{chosen.signer_authority}</strong>
              <br />
              <strong>{chosen.signer_title}</strong>
              <br />
              <br />
              <strong>{chosen.signer_name}</strong>
            </div>
          </div>
        </article>
      )}
    </main>
  );
}
