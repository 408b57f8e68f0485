// The areas of the app. Each shows what the installation holds today; the ward-clerk,
// documents, bundles and consolidation work adds its own screens to these areas.

import { useEffect, useState } from "react";
import { commands, errorMessage } from "../api";
import type { BackupEntry, Installation, PeriodInfo, StatusReport } from "../bindings/types";
import { Confirm } from "../components/Confirm";
import { chooseBackupSource, chooseBackupTarget, chooseCopyFolder, chooseUnitList, isCopy } from "../files";
import { formatInteger } from "../format";
import { t } from "../i18n/vi";
import { OwnUnits } from "../components/OwnUnits";
import { UnitMerges } from "../components/UnitMerges";
import { useAction } from "../useAction";
import { ErrorBanner } from "../components/GuideLink";

/** Loads the data status and periods once per visit of a page. */
function useOverview() {
  const [status, setStatus] = useState<StatusReport | null>(null);
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([commands.status(), commands.periods()])
      .then(([s, p]) => (setStatus(s), setPeriods(p)))
      .catch((e) => setError(errorMessage(e)));
  }, []);
  return { status, periods, error };
}

const REGISTERS = ["initiatives", "models", "activities", "ocop_links", "resources", "commendations"] as const;

function PeriodTable({ periods }: { periods: PeriodInfo[] }) {
  if (periods.length === 0) return <p className="muted">{t.home.noPeriods}</p>;
  return (
    <table className="table" data-testid="periods">
      <thead>
        <tr>
          <th>{t.reports.period}</th>
          <th>{t.reports.from}</th>
          <th>{t.reports.to}</th>
          <th>{t.reports.deadline}</th>
          <th>{t.reports.status}</th>
        </tr>
      </thead>
      <tbody>
        {periods.map((p) => {
          const days = p.days_to_deadline;
          // Once sent, the deadline no longer matters: the report's state does.
          const sent = p.report_state !== null && p.report_state !== "draft";
          return (
            <tr key={p.code}>
              <td>{p.label}</td>
              <td>{p.starts_on}</td>
              <td>{p.ends_on}</td>
              <td>{p.deadline}</td>
              <td className={!sent && days < 0 ? "late" : ""} data-testid={`period-status-${p.code}`}>
                {sent ? t.reports.states[p.report_state!] : `${p.report_state ? t.reports.states.draft + ", " : ""}${t.home.deadline(days)}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RegisterCounts({ status }: { status: StatusReport }) {
  return (
    <table className="table" data-testid="register-counts">
      <tbody>
        {REGISTERS.map((r) => (
          <tr key={r}>
            <td>{t.registers[r]}</td>
            <td className="num">{formatInteger(status.counts[r] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Home({
  installation,
  unitName,
  parentName,
  flash,
}: {
  installation: Installation;
  unitName: string;
  parentName: string | null;
  flash: string | null;
}) {
  const { status, periods, error } = useOverview();
  return (
    <main className="page">
      <h1 data-testid="home-unit">{unitName}</h1>
      {flash && <div className="notice" role="status" data-testid="flash">{flash}</div>}
      <ErrorBanner message={error} />
      <dl className="facts">
        <dt>{t.home.unit}</dt>
        <dd>{unitName} ({installation.unit.code})</dd>
        <dt>{t.home.parent}</dt>
        <dd data-testid="home-parent">{installation.parent ? `${parentName ?? installation.parent.name} (${installation.parent.code})` : t.setup.parentNone}</dd>
        <dt>{t.home.signer}</dt>
        <dd>{installation.header.signer_authority} — {installation.header.signer_title} {installation.header.signer_name}</dd>
      </dl>
      <div className="cards">
        <section className="card">
          <h2>{t.home.periods}</h2>
          <PeriodTable periods={periods} />
        </section>
        <section className="card">
          <h2>{t.home.registers}</h2>
          {status && <RegisterCounts status={status} />}
        </section>
      </div>
    </main>
  );
}

/** "1,2 MB" / "640 KB", with Vietnamese separators. */
function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB`;
  return `${formatInteger(Math.ceil(bytes / 1024))} KB`;
}

export function Settings({
  installation,
  onEdit,
  onRestored,
  onUnitsChanged,
}: {
  installation: Installation;
  onEdit: () => void;
  onRestored: (message: string) => void;
  onUnitsChanged: () => void;
}) {
  const { status, error } = useOverview();
  const [backups, setBackups] = useState<BackupEntry[]>([]);
  const refreshBackups = () => {
    commands.backups().then(setBackups).catch(() => setBackups([]));
  };
  useEffect(refreshBackups, []);
  const { notice, error: failure, run } = useAction(refreshBackups);
  const backup = () =>
    run(async () => {
      const path = await chooseBackupTarget();
      if (!path) return null;
      await commands.backup(path);
      return t.settings.backupDone(path);
    });
  // The backup chosen, waiting for the clerk to confirm that it replaces everything.
  const [restoreFrom, setRestoreFrom] = useState<string | null>(null);
  const restore = () =>
    run(async () => {
      setRestoreFrom(await chooseBackupSource());
      return null;
    });
  const confirmRestore = (path: string, code: string) =>
    run(async () => {
      setRestoreFrom(null);
      const outcome = await commands.restore(path, isCopy(path) ? code : null);
      onRestored(outcome.message);
      return null;
    });
  const backupNow = () =>
    run(async () => {
      const b = await commands.backup_now();
      return t.settings.backupNowDone(b.taken_at);
    });
  const copyAll = () =>
    run(async () => {
      const folder = await chooseCopyFolder();
      if (!folder) return null;
      const copy = await commands.copy_installation(folder);
      return t.settings.copyDone(copy.path, formatSize(copy.bytes), copy.code);
    });
  const importUnits = () =>
    run(async () => {
      const path = await chooseUnitList();
      if (!path) return null;
      const r = await commands.import_units(path);
      return t.settings.importDone(r.added, r.renamed.length, r.code_changed.length, r.retired.length);
    });
  return (
    <main className="page">
      <h1>{t.settings.title}</h1>
      <ErrorBanner message={error} />
      <section className="card">
        <h2>{t.settings.installation}</h2>
        <dl className="facts">
          <dt>{t.home.unit}</dt>
          <dd>{installation.unit.name} ({installation.unit.code})</dd>
          <dt>{t.setup.parentBody}</dt>
          <dd>{installation.header.parent_body.join(" / ")}</dd>
          <dt>{t.setup.issuingBody}</dt>
          <dd>{installation.header.issuing_body}</dd>
          <dt>{t.setup.symbol}</dt>
          <dd>{installation.header.symbol}</dd>
          <dt>{t.setup.place}</dt>
          <dd>{installation.header.place}</dd>
          <dt>{t.home.signer}</dt>
          <dd>{installation.header.signer_authority} — {installation.header.signer_title} {installation.header.signer_name}</dd>
          <dt>{t.setup.clerkName}</dt>
          <dd>{installation.clerk_name}</dd>
        </dl>
        <button className="secondary" onClick={onEdit}>{t.settings.edit}</button>
      </section>
      <OwnUnits installation={installation} onAdded={onUnitsChanged} />
      <UnitMerges />
      {restoreFrom && (
        <Confirm
          question={`${t.settings.restoreConfirm} (${restoreFrom})`}
          reasonLabel={isCopy(restoreFrom) ? t.settings.copyCode : undefined}
          confirmLabel={t.settings.restoreYes}
          testId="confirm-restore"
          onConfirm={(code) => confirmRestore(restoreFrom, code)}
          onCancel={() => setRestoreFrom(null)}
        />
      )}
      {notice && <div className="notice" role="status" data-testid="settings-notice">{notice}</div>}
      <ErrorBanner message={failure} />
      <div className="actions left">
        <button className="secondary" onClick={backup}>{t.settings.backup}</button>
        <button className="secondary" data-testid="restore-file" onClick={restore}>{t.settings.restore}</button>
        <button className="secondary" onClick={importUnits}>{t.settings.importUnits}</button>
      </div>
      <section className="card" data-testid="backups">
        <h2>{t.settings.backupsTitle}</h2>
        <p className="lead">{t.settings.backupsLead}</p>
        <div className="actions left">
          <button className="secondary" data-testid="backup-now" onClick={backupNow}>{t.settings.backupNow}</button>
        </div>
        {backups.length === 0 ? (
          <p className="muted">{t.settings.backupsNone}</p>
        ) : (
          <table className="table" data-testid="backup-list">
            <thead>
              <tr>
                <th>{t.settings.takenAt}</th>
                <th>{t.settings.reason}</th>
                <th className="num">{t.settings.size}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.path}>
                  <td>{b.taken_at}</td>
                  <td>{b.reason_label}</td>
                  <td className="num">{formatSize(b.bytes)}</td>
                  <td>
                    <button className="link" data-testid="restore-backup" onClick={() => setRestoreFrom(b.path)}>{t.settings.restoreThis}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" data-testid="copy-card">
        <h2>{t.settings.copyTitle}</h2>
        <p className="lead">{t.settings.copyLead}</p>
        <div className="actions left">
          <button className="primary" data-testid="copy-all" onClick={copyAll}>{t.settings.copyAll}</button>
        </div>
      </section>
      {status && (
        <section className="card" data-testid="data-status">
          <h2>{t.settings.data}</h2>
          <dl className="facts">
            <dt>{t.settings.dataDir}</dt>
            <dd><code>{status.data_dir}</code></dd>
            <dt>{t.settings.schema}</dt>
            <dd>{status.schema_version}</dd>
            <dt>{t.settings.integrity}</dt>
            <dd>{status.integrity === "ok" ? t.settings.integrityOk : status.integrity}</dd>
            <dt>{t.settings.units}</dt>
            <dd>{formatInteger(status.counts.units ?? 0)}</dd>
            <dt>{t.settings.unitsRetired}</dt>
            <dd>{formatInteger(status.counts.units_retired ?? 0)}</dd>
            <dt>{t.settings.auditEntries}</dt>
            <dd>{formatInteger(status.counts.audit_entries ?? 0)}</dd>
            <dt>{t.settings.digest}</dt>
            <dd><code>{status.digest.slice(0, 16)}…</code></dd>
          </dl>
        </section>
      )}
    </main>
  );
}
