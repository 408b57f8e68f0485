// Trao đổi dữ liệu: sending the report up as a signed bundle, importing bundles (chosen, dropped
// on the window, or found in Downloads) with a preview and a reason for every refusal, the
// bundles waiting for a decision side by side, checking a printed document by its verification
// code, keys and enrolment, and the import log.

import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { useCallback, useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { BundleCandidate, ImportLogView, ImportOutcome, ImportProgress, Installation, KeyView, PeriodInfo, WaitingBundle } from "../bindings/types";
import { Confirm } from "../components/Confirm";
import { VerifyDocument } from "../components/VerifyDocument";
import { chooseBundleTarget, chooseBundles, chooseIdentityFile, chooseIdentityTarget } from "../files";
import { formatDateTime, formatInteger } from "../format";
import { t } from "../i18n/vi";
import { useAction } from "../useAction";
import { ErrorBanner, WithGuideLink } from "../components/GuideLink";

const x = t.exchange;

type Props = {
  installation: Installation;
  /** Bundles the app was opened with (double-clicked in Explorer or the file manager). */
  opened: string[];
  onOpenedTaken: () => void;
};

export function Exchange({ installation, opened, onOpenedTaken }: Props) {
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [period, setPeriod] = useState("");
  const [keys, setKeys] = useState<KeyView[]>([]);
  const [waiting, setWaiting] = useState<WaitingBundle[]>([]);
  const [log, setLog] = useState<ImportLogView[]>([]);
  const [candidates, setCandidates] = useState<BundleCandidate[]>([]);
  const [outcomes, setOutcomes] = useState<ImportOutcome[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [dryRun, setDryRun] = useState(false);
  // After an action the lists are read again; `refresh` is defined below and only called then.
  const { notice, setNotice, error, setError, run } = useAction(() => refresh());
  const refresh = useCallback(() => {
    Promise.all([commands.keys(), commands.waiting_bundles(), commands.import_log(30), commands.bundle_candidates()])
      .then(([k, w, l, c]) => (setKeys(k), setWaiting(w), setLog(l), setCandidates(c)))
      .catch((e) => setError(errorMessage(e)));
  }, [setError]);
  useEffect(() => {
    commands
      .periods()
      .then((p) => (setPeriods(p), p.length && setPeriod(p[0].code)))
      .catch((e) => setError(errorMessage(e)));
    refresh();
  }, [refresh, setError]);


  // One call for all the files (one backup, batched commits); the bar moves with each file's
  // "import-progress" event, and the call's answer is the final word on every file.
  const importPaths = useCallback(
    async (paths: string[]) => {
      if (paths.length === 0) return;
      setNotice(null);
      setError(null);
      setOutcomes([]);
      setProgress({ done: 0, total: paths.length });
      const told: ImportOutcome[] = [];
      let answered = false;
      // Files can finish faster than the screen refreshes: what arrived is shown once a frame.
      let frame: number | null = null;
      let latest = { done: 0, total: paths.length };
      const unlisten = await listen<ImportProgress>("import-progress", (e) => {
        if (answered) return;
        told.push(e.payload.outcome);
        latest = { done: e.payload.done, total: e.payload.total };
        frame ??= requestAnimationFrame(() => {
          frame = null;
          if (answered) return;
          setProgress(latest);
          setOutcomes([...told]);
        });
      });
      try {
        const all = await commands.import_bundles(paths, dryRun);
        answered = true;
        setOutcomes(all);
      } catch (e) {
        setError(errorMessage(e));
      } finally {
        answered = true;
        unlisten();
        setProgress(null);
      }
      refresh();
    },
    [dryRun, refresh, setError, setNotice],
  );

  // Files dropped anywhere on the window are imported like chosen ones.
  useEffect(() => {
    const unlisten = getCurrentWebview().onDragDropEvent((event) => {
      if (event.payload.type === "drop") {
        importPaths(event.payload.paths.filter((p) => p.toLowerCase().endsWith(".thidua")));
      }
    });
    return () => {
      unlisten.then((f) => f());
    };
  }, [importPaths]);

  const own = keys.find((k) => k.role === "own" && !k.revoked_at);
  const children = keys.filter((k) => k.role === "child" && !k.revoked_at);
  const fresh = candidates.filter((c) => !c.known);

  return (
    <main className="page exchange">
      <h1>{x.title}</h1>
      {notice && <div className="notice" role="status" data-testid="exchange-notice">{notice}</div>}
      <ErrorBanner message={error} testId="exchange-error" />

      {installation.parent && (
        <section className="card">
          <h2>{x.sendTitle}</h2>
          <p className="lead">{x.sendLead(installation.parent.name)}</p>
          <div className="actions left">
            <label className="field inline">
              <span className="label">{t.reports.period}</span>
              <select data-testid="export-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
                {periods.map((p) => (
                  <option key={p.code} value={p.code}>{p.label}</option>
                ))}
              </select>
            </label>
            <button
              className="primary"
              data-testid="export-report"
              onClick={() =>
                run(async () => {
                  const path = await chooseBundleTarget(`${installation.unit.code}-bao-cao-${period}.thidua`);
                  if (!path) return null;
                  const b = await commands.export_report_bundle(period, path);
                  return x.exported(b.kind, b.sequence, b.recipient, b.file);
                })
              }
            >
              {x.exportReport}
            </button>
          </div>
        </section>
      )}

      {opened.length > 0 && (
        <section className="card highlight" data-testid="opened-card">
          <h2>{x.openedTitle}</h2>
          <ul className="plain">
            {opened.map((p) => (
              <li key={p}><code>{p}</code></li>
            ))}
          </ul>
          <div className="actions left">
            <button
              className="primary"
              data-testid="import-opened"
              autoFocus
              onClick={() => {
                const files = opened;
                onOpenedTaken();
                importPaths(files);
              }}
            >
              {dryRun ? x.checkOpened : x.importOpened}
            </button>
            <button className="secondary" onClick={onOpenedTaken}>{t.confirm.cancel}</button>
          </div>
        </section>
      )}

      <section className="card" data-testid="import-card">
        <h2>{x.importTitle}</h2>
        <p className="lead">{x.importLead}</p>
        <div className="actions left">
          <button className="primary" data-testid="choose-bundles" onClick={async () => importPaths(await chooseBundles())}>{x.choose}</button>
          <label className="field inline">
            <input type="checkbox" data-testid="dry-run" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
            <span>{x.dryRun}</span>
          </label>
        </div>
        {fresh.length > 0 && (
          <table className="table" data-testid="candidates">
            <caption className="muted">{x.found(fresh.length)}</caption>
            <thead>
              <tr><th>{x.file}</th><th>{x.sender}</th><th>{x.kind}</th><th>{x.modified}</th><th /></tr>
            </thead>
            <tbody>
              {fresh.map((c) => (
                <tr key={c.path}>
                  <td title={c.folder}>{c.file_name}</td>
                  <td>{c.sender || x.unreadable}</td>
                  <td>{c.kind}{c.sequence ? ` số ${c.sequence}` : ""}</td>
                  <td>{formatDateTime(c.modified)}</td>
                  <td><button className="secondary" data-testid={`import-candidate-${c.file_name}`} onClick={() => importPaths([c.path])}>{dryRun ? x.preview : x.importOne}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {fresh.length > 1 && (
          <button className="secondary" data-testid="import-all-candidates" onClick={() => importPaths(fresh.map((c) => c.path))}>{x.importAll(fresh.length)}</button>
        )}
        {progress && (
          <div className="progress" data-testid="import-progress">
            <progress max={progress.total} value={progress.done} /> {x.progress(progress.done, progress.total)}
          </div>
        )}
        {outcomes.length > 0 && <Outcomes outcomes={outcomes} />}
      </section>

      {waiting.length > 0 && (
        <section className="card" data-testid="waiting">
          <h2>{x.waitingTitle(waiting.length)}</h2>
          {waiting.map((w) => (
            <Waiting key={w.bundle_id} bundle={w} onDecide={(apply) => run(async () => (await commands.resolve_bundle(w.bundle_id, apply)).message)} />
          ))}
        </section>
      )}

      {installation.parent === null || children.length > 0 ? (
        <section className="card">
          <h2>{x.downTitle}</h2>
          {children.length === 0 ? (
            <p className="muted">{x.noChildren}</p>
          ) : (
            <DownwardBundles children={children} run={run} />
          )}
        </section>
      ) : null}

      <VerifyDocument />

      <section className="card" data-testid="keys">
        <h2>{x.keysTitle}</h2>
        {own && (
          <p>
            {x.ownFingerprint}: <strong className="fingerprint" data-testid="own-fingerprint">{own.fingerprint}</strong>
          </p>
        )}
        <p className="hint">{x.fingerprintHint}</p>
        <div className="actions left">
          <button
            className="secondary"
            data-testid="export-identity"
            onClick={() =>
              run(async () => {
                const path = await chooseIdentityTarget(`dinh-danh-${installation.unit.code}.json`);
                if (!path) return null;
                const id = await commands.export_identity(path);
                return x.identitySaved(path, id.fingerprint);
              })
            }
          >
            {x.exportIdentity}
          </button>
        </div>
        {keys
          .filter((k) => k.unconfirmed && !k.revoked_at)
          .map((k) => <ConfirmParent key={k.key_id} parent={k} run={run} />)}
        <Enrol run={run} />
        <KeyTable keys={keys} run={run} />
      </section>

      <section className="card">
        <h2>{x.logTitle}</h2>
        {log.length === 0 ? (
          <p className="muted">{x.logEmpty}</p>
        ) : (
          <table className="table" data-testid="import-log">
            <thead>
              <tr><th>{x.when}</th><th>{x.file}</th><th>{x.sender}</th><th>{x.result}</th><th>{x.message}</th></tr>
            </thead>
            <tbody>
              {log.map((e, i) => (
                <tr key={i}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{e.file_name}</td>
                  <td>{e.sender}</td>
                  <td>{x.outcomes[e.outcome]}</td>
                  <td><WithGuideLink text={e.message} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function Outcomes({ outcomes }: { outcomes: ImportOutcome[] }) {
  return (
    <table className="table" data-testid="import-outcomes">
      <thead>
        <tr><th>{x.file}</th><th>{x.result}</th><th>{x.message}</th></tr>
      </thead>
      <tbody>
        {outcomes.map((o, i) => (
          <tr key={i} className={o.outcome === "refused" ? "refused" : ""}>
            <td>{o.file_name}</td>
            <td data-testid={`outcome-${i}`}>{o.dry_run && o.outcome === "applied" ? x.wouldApply : x.outcomes[o.outcome]}</td>
            <td>
              <WithGuideLink text={o.message} />
              {o.changes.length > 0 && (
                <ul className="changes">
                  {o.changes.map((c, j) => <li key={j}>{c}</li>)}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Waiting({ bundle, onDecide }: { bundle: WaitingBundle; onDecide: (apply: boolean) => void }) {
  const conflict = bundle.state === "conflict";
  return (
    <div className="waiting" data-testid={`waiting-${bundle.sequence}`}>
      <p>
        <strong>{bundle.sender}</strong> — {x.bundleNo(bundle.sequence)} ({bundle.file_name}): {bundle.note}
      </p>
      <div className={conflict ? "side-by-side" : ""}>
        {conflict && (
          <div>
            <h3>{x.appliedVersion}</h3>
            <ul>{bundle.applied_summary.map((l, i) => <li key={i}>{l}</li>)}</ul>
          </div>
        )}
        <div>
          <h3>{conflict ? x.newVersion : x.content}</h3>
          <ul>{bundle.summary.map((l, i) => <li key={i}>{l}</li>)}</ul>
        </div>
      </div>
      <div className="actions left">
        <button className="primary" data-testid={`apply-${bundle.sequence}`} onClick={() => onDecide(true)}>{conflict ? x.takeNew : x.applyAnyway}</button>
        <button className="secondary" onClick={() => onDecide(false)}>{conflict ? x.keepApplied : x.discard}</button>
      </div>
    </div>
  );
}

type Run = (f: () => Promise<string | null>) => Promise<void>;

function DownwardBundles({ children, run }: { children: KeyView[]; run: Run }) {
  const [unit, setUnit] = useState(children[0]?.unit_code ?? "");
  const send = (kind: "plan" | "roster" | "returned") =>
    run(async () => {
      const name = { plan: "ke-hoach", roster: "danh-sach-khoa", returned: "du-lieu-gui-tra" }[kind];
      const path = await chooseBundleTarget(`${name}-${unit}.thidua`);
      if (!path) return null;
      const b =
        kind === "plan"
          ? await commands.export_plan_bundle(unit, null, path)
          : kind === "roster"
            ? await commands.export_roster_bundle(unit, path)
            : await commands.export_returned_data(unit, path);
      return x.exported(b.kind, b.sequence, b.recipient, b.file);
    });
  return (
    <div className="actions left">
      <label className="field inline">
        <span className="label">{x.to}</span>
        <select data-testid="down-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
          {children.map((c) => (
            <option key={c.key_id} value={c.unit_code}>{c.unit_name} ({c.unit_code})</option>
          ))}
        </select>
      </label>
      <button className="secondary" onClick={() => send("plan")}>{x.sendPlan}</button>
      <button className="secondary" onClick={() => send("roster")}>{x.sendRoster}</button>
      <button className="secondary" data-testid="send-returned" title={x.sendReturnedHint} onClick={() => send("returned")}>{x.sendReturned}</button>
    </div>
  );
}

/** The upper level's key after a whole-installation copy was restored: confirmed by the
 * fingerprint heard on the phone before its bundles are taken. */
function ConfirmParent({ parent, run }: { parent: KeyView; run: Run }) {
  const [fingerprint, setFingerprint] = useState("");
  return (
    <div className="enrol warning" data-testid="confirm-parent">
      <h3>{x.confirmParentTitle(parent.unit_name)}</h3>
      <p>{x.confirmParentLead}</p>
      <label className="field">
        <span className="label">{x.confirmParentField}</span>
        <input data-testid="confirm-parent-fingerprint" inputMode="numeric" placeholder="00000 00000 00000 00000 00000" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} />
      </label>
      <div className="actions left">
        <button
          className="primary"
          data-testid="confirm-parent-go"
          disabled={fingerprint.trim() === ""}
          onClick={() => run(async () => x.confirmedParent((await commands.confirm_parent_key(fingerprint)).unit_name))}
        >
          {x.confirmParent}
        </button>
      </div>
    </div>
  );
}

function Enrol({ run }: { run: Run }) {
  const [file, setFile] = useState<string | null>(null);
  const [fingerprint, setFingerprint] = useState("");
  return (
    <div className="enrol">
      <h3>{x.enrolTitle}</h3>
      <div className="actions left">
        <button className="secondary" data-testid="choose-identity" onClick={async () => setFile(await chooseIdentityFile())}>{x.chooseIdentity}</button>
        {file && <code>{file}</code>}
      </div>
      <label className="field">
        <span className="label">{x.fingerprintHeard}</span>
        <input data-testid="enrol-fingerprint" inputMode="numeric" placeholder="00000 00000 00000 00000 00000" value={fingerprint} onChange={(e) => setFingerprint(e.target.value)} />
      </label>
      <div className="actions left">
        <button
          className="primary"
          data-testid="enrol"
          disabled={!file || fingerprint.trim() === ""}
          onClick={() =>
            run(async () => {
              const k = await commands.enroll(file!, fingerprint);
              setFile(null);
              setFingerprint("");
              return x.enrolled(k.unit_name, k.role_label);
            })
          }
        >
          {x.enrol}
        </button>
      </div>
    </div>
  );
}

function KeyTable({ keys, run }: { keys: KeyView[]; run: Run }) {
  const [revoking, setRevoking] = useState<KeyView | null>(null);
  const [resetting, setResetting] = useState<KeyView | null>(null);
  return (
    <>
      {resetting && (
        <Confirm
          question={x.resetChainQuestion(resetting.unit_name)}
          reasonLabel={x.resetChainReason}
          confirmLabel={x.resetChain}
          testId="confirm-reset-chain"
          onConfirm={(reason) => {
            setResetting(null);
            run(async () => commands.reset_chain(resetting.unit_code, reason));
          }}
          onCancel={() => setResetting(null)}
        />
      )}
      {revoking && (
        <Confirm
          question={x.revokeQuestion(revoking.unit_name)}
          reasonLabel={x.revokeReason}
          confirmLabel={x.revoke}
          testId="confirm-revoke"
          onConfirm={(reason) => {
            setRevoking(null);
            run(async () => (await commands.revoke(revoking.unit_code, reason), x.revoked(revoking.unit_name)));
          }}
          onCancel={() => setRevoking(null)}
        />
      )}
      <table className="table" data-testid="key-table">
        <thead>
          <tr><th>{x.unit}</th><th>{x.role}</th><th>{x.fingerprint}</th><th>{x.enrolledAt}</th><th /></tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.key_id} className={k.revoked_at ? "muted" : ""}>
              <td>{k.unit_name} ({k.unit_code})</td>
              <td>{k.role_label}</td>
              <td className="fingerprint">{k.unconfirmed ? x.unconfirmed : k.fingerprint}</td>
              <td>{k.revoked_at ? x.revokedOn(formatDateTime(k.revoked_at), k.revoked_reason) : formatDateTime(k.enrolled_at)}</td>
              <td>
                {k.role !== "own" && !k.revoked_at && (
                  <>
                    <button className="link" onClick={() => setRevoking(k)}>{x.revoke}</button>{" "}
                    <button className="link" data-testid={`reset-chain-${k.unit_code}`} onClick={() => setResetting(k)}>{x.resetChain}</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{x.keysCount(formatInteger(keys.filter((k) => !k.revoked_at).length))}</p>
    </>
  );
}
