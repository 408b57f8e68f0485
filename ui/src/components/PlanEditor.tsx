// The plan editor: header fields, the numbered structure (sections, items, points, bullets,
// paragraphs: add, remove, move, renumber), recipients and signer. Saved as a whole.

import { useState } from "react";
import type { NodeKind, PlanDraft, PlanNode } from "../bindings/types";
import { oneOf } from "../choice";
import { t } from "../i18n/vi";
import { renumber } from "../planNumbering";

const e = t.planEditor;
const KINDS: readonly NodeKind[] = ["section", "item", "point", "bullet", "paragraph"];
const lines = (s: string) => s.split("\n").map((l) => l.trim()).filter((l) => l !== "");

function blank(kind: NodeKind): PlanNode {
  return { kind, marker: "", heading: "", body: "", children: [] };
}

const CHILD: Record<NodeKind, NodeKind> = { section: "item", item: "point", point: "bullet", bullet: "bullet", paragraph: "paragraph" };

function NodeEditor({ nodes, onChange, path }: { nodes: PlanNode[]; onChange: (n: PlanNode[]) => void; path: string }) {
  const set = (i: number, n: PlanNode) => onChange(nodes.map((x, j) => (j === i ? n : x)));
  const move = (i: number, d: number) => {
    const j = i + d;
    if (j < 0 || j >= nodes.length) return;
    const copy = [...nodes];
    [copy[i], copy[j]] = [copy[j], copy[i]];
    onChange(copy);
  };
  return (
    <ol className="node-editor">
      {nodes.map((n, i) => (
        <li key={i} className={`edit-${n.kind}`} data-testid={`node-${path}${i}`}>
          <div className="node-row">
            <select value={n.kind} onChange={(ev) => set(i, { ...n, kind: oneOf(KINDS, ev.target.value) ?? n.kind })} aria-label={e.kind}>
              {KINDS.map((k) => (
                <option key={k} value={k}>{e.kinds[k]}</option>
              ))}
            </select>
            <input className="marker" value={n.marker} onChange={(ev) => set(i, { ...n, marker: ev.target.value })} aria-label={e.marker} />
            {n.kind !== "bullet" && n.kind !== "paragraph" && (
              <input className="heading" placeholder={e.heading} value={n.heading} onChange={(ev) => set(i, { ...n, heading: ev.target.value })} data-testid={`heading-${path}${i}`} />
            )}
            <button className="link" onClick={() => move(i, -1)} aria-label={e.up}>↑</button>
            <button className="link" onClick={() => move(i, 1)} aria-label={e.down}>↓</button>
            <button className="link" onClick={() => set(i, { ...n, children: [...n.children, blank(CHILD[n.kind])] })}>{e.addChild}</button>
            <button className="link danger" onClick={() => onChange(nodes.filter((_, j) => j !== i))}>{e.remove}</button>
          </div>
          <textarea rows={n.body.length > 160 ? 4 : 2} placeholder={e.body} value={n.body} onChange={(ev) => set(i, { ...n, body: ev.target.value })} />
          {n.children.length > 0 && <NodeEditor nodes={n.children} onChange={(c) => set(i, { ...n, children: c })} path={`${path}${i}-`} />}
        </li>
      ))}
    </ol>
  );
}

export function PlanEditor({ initial, onSave, onCancel }: { initial: PlanDraft; onSave: (d: PlanDraft) => void; onCancel: () => void }) {
  const [d, setD] = useState<PlanDraft>(initial);
  const [opening, setOpening] = useState(initial.opening.join("\n"));
  const [closing, setClosing] = useState(initial.closing.join("\n"));
  const [recipients, setRecipients] = useState(initial.recipients.join("\n"));
  const save = () => onSave({ ...d, opening: lines(opening), closing: lines(closing), recipients: lines(recipients) });
  return (
    <section className="card plan-editor" data-testid="plan-editor">
      <h2>{e.title}</h2>
      <div className="grid">
        <label className="field">
          <span className="label">{e.docType}</span>
          <input value={d.doc_type} onChange={(ev) => setD({ ...d, doc_type: ev.target.value })} />
        </label>
        <label className="field">
          <span className="label">{e.summary}</span>
          <textarea rows={2} value={d.summary} onChange={(ev) => setD({ ...d, summary: ev.target.value })} data-testid="edit-summary" />
        </label>
      </div>
      <label className="field">
        <span className="label">{e.opening}</span>
        <textarea rows={4} value={opening} onChange={(ev) => setOpening(ev.target.value)} />
      </label>
      <div className="toolbar">
        <strong>{e.structure}</strong>
        <button className="secondary" onClick={() => setD({ ...d, nodes: [...d.nodes, blank("section")] })} data-testid="add-section">{e.addSection}</button>
        <button className="secondary" onClick={() => setD({ ...d, nodes: renumber(d.nodes) })} data-testid="renumber">{e.renumber}</button>
      </div>
      <NodeEditor nodes={d.nodes} onChange={(nodes) => setD({ ...d, nodes })} path="" />
      <label className="field">
        <span className="label">{e.closing}</span>
        <textarea rows={3} value={closing} onChange={(ev) => setClosing(ev.target.value)} />
      </label>
      <div className="grid">
        <label className="field">
          <span className="label">{e.recipients}</span>
          <textarea rows={5} value={recipients} onChange={(ev) => setRecipients(ev.target.value)} />
        </label>
        <div>
          <label className="field">
            <span className="label">{e.authority}</span>
            <input value={d.signer_authority} onChange={(ev) => setD({ ...d, signer_authority: ev.target.value })} />
          </label>
          <label className="field">
            <span className="label">{e.signerTitle}</span>
            <textarea rows={2} value={d.signer_title} onChange={(ev) => setD({ ...d, signer_title: ev.target.value })} />
          </label>
          <label className="field">
            <span className="label">{e.signerName}</span>
            <input value={d.signer_name} onChange={(ev) => setD({ ...d, signer_name: ev.target.value })} data-testid="edit-signer" />
          </label>
        </div>
      </div>
      <div className="actions">
        <button className="secondary" onClick={onCancel}>{t.confirm.cancel}</button>
        <button className="primary" onClick={save} data-testid="save-plan">{e.save}</button>
      </div>
    </section>
  );
}
