// Sổ theo dõi: the six registers, each a searchable, filterable list in Vietnamese order that
// stays smooth at tens of thousands of rows (rows are fetched a page at a time and only those
// in view are rendered), with a form to add and edit and each record's history.

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, errorMessage, isApiError } from "../api";
import type { FieldInfo, HistoryEntry, PeriodInfo, RecordQuery, RecordRow, RegisterKind, RegisterSchema } from "../bindings/types";
import { t } from "../i18n/vi";
import { Confirm } from "../components/Confirm";
import { SheetImport } from "../components/ExcelImport";
import { formatDateTime } from "../format";
import { columnsOf, displayValue, inputValue } from "../registerFormat";
import { useListKeys } from "../useListKeys";
import { showLatest } from "../useAction";
import { ErrorBanner } from "../components/GuideLink";

const PAGE = 200;
const ROW_HEIGHT = 38;

type Filters = Omit<RecordQuery, "offset" | "limit">;

/** Rows of a query, loaded a page at a time as the list scrolls. */
/** `query` must keep its identity while it means the same (the caller memoizes it). A page that
 * fails to load is said, not swallowed; an answer for a query no longer shown is ignored. */
function usePagedRecords(query: Filters, version: number) {
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const pages = useRef(new Map<number, RecordRow[] | "loading">());
  const generation = useRef(0);

  const load = useCallback(
    (page: number) => {
      if (pages.current.has(page)) return;
      pages.current.set(page, "loading");
      const gen = generation.current;
      commands
        .list_records({ ...query, offset: page * PAGE, limit: PAGE })
        .then((p) => {
          if (gen !== generation.current) return;
          pages.current.set(page, p.rows);
          setTotal(p.total);
          setTick((n) => n + 1);
        })
        .catch((e) => {
          pages.current.delete(page);
          if (gen === generation.current) setError(errorMessage(e));
        });
    },
    [query],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    setTotal(0);
    setError(null);
    load(0);
  }, [load, version]);

  const rowAt = (i: number): RecordRow | undefined => {
    const rows = pages.current.get(Math.floor(i / PAGE));
    if (rows === undefined) load(Math.floor(i / PAGE));
    return Array.isArray(rows) ? rows[i % PAGE] : undefined;
  };
  return { total, rowAt, error };
}

/** The columns a register's list shows: its date, its title, and two choice or number fields. */
export function Registers() {
  const [schemas, setSchemas] = useState<RegisterSchema[]>([]);
  const [periods, setPeriods] = useState<PeriodInfo[]>([]);
  const [kind, setKind] = useState<RegisterKind>("initiative");
  const [search, setSearch] = useState("");
  // The list is asked for again only after a pause in typing.
  const [typed, setTyped] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const [period, setPeriod] = useState("");
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<RecordRow | "new" | null>(null);
  // The record just saved: its form (remounted with the saved values) says so.
  const [savedId, setSavedId] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([commands.register_schemas(), commands.periods()])
      .then(([s, p]) => (setSchemas(s), setPeriods(p)))
      .catch((e) => setError(errorMessage(e)));
  }, []);

  const schema = schemas.find((s) => s.kind === kind);
  const query: Filters = useMemo(
    () => ({ kind, period: period || null, search: search || null, filters, sort: null, descending: false }),
    [kind, period, search, filters],
  );
  const { total, rowAt, error: listError } = usePagedRecords(query, version);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const keys = useListKeys(
    "records",
    total,
    (i) => {
      const r = rowAt(i);
      if (r) {
        setEditing(r);
        setSavedId(null);
      }
    },
    (i) => virtualizer.scrollToIndex(i),
  );

  const setFilter = (name: string, value: string) => {
    const next = { ...filters };
    if (value) next[name] = value;
    else delete next[name];
    setFilters(next);
  };

  if (!schema) return <main className="page">{error ?? t.loading}</main>;
  const columns = columnsOf(schema);
  const choiceFields = schema.fields.filter((f) => f.input === "choice");
  const textFilters = schema.fields.filter((f) => f.filterable);

  return (
    <main className="page registers">
      <h1>{t.registers.title}</h1>
      <div className="tabs" role="tablist">
        {schemas.map((s) => (
          <button
            key={s.kind}
            role="tab"
            data-testid={`register-${s.kind}`}
            aria-selected={s.kind === kind}
            className={s.kind === kind ? "tab active" : "tab"}
            onClick={() => (setKind(s.kind), setFilters({}), setEditing(null))}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div className="toolbar">
        <input type="search" data-testid="record-search" placeholder={t.registers.search} value={typed} onChange={(e) => setTyped(e.target.value)} />
        <select data-testid="record-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
          <option value="">{t.registers.allPeriods}</option>
          {periods.map((p) => (
            <option key={p.code} value={p.code}>{p.label}</option>
          ))}
        </select>
        {choiceFields.map((f) => (
          <select
            key={f.name}
            data-testid={`filter-${f.name}`}
            value={filters[f.name] ?? ""}
            onChange={(e) => setFilter(f.name, e.target.value)}
          >
            <option value="">{f.label}: {t.registers.allValues}</option>
            {f.options.map((o) => (
              <option key={o.code} value={o.code}>{o.label}</option>
            ))}
          </select>
        ))}
        {textFilters.map((f) => (
          <ValueFilter key={`${kind}-${f.name}-${version}`} kind={kind} field={f} value={filters[f.name] ?? ""} onChange={(v) => setFilter(f.name, v)} />
        ))}
        <span className="muted" data-testid="record-total">{t.registers.total(total)}</span>
        <button className="primary" data-testid="record-add" onClick={() => setEditing("new")}>{t.registers.add}</button>
      </div>
      <SheetImport key={kind} kind={kind} onImported={(message) => (setNotice(message), setVersion((n) => n + 1))} />
      {notice && <div className="notice" role="status" data-testid="registers-notice">{notice}</div>}
      <ErrorBanner message={error ?? listError} testId="registers-error" />
      <div className="register-body">
        <div className="record-table">
          <div className="record-row head" style={{ gridTemplateColumns: gridOf(columns) }}>
            {columns.map((c) => (
              <span key={c.name}>{c.label}</span>
            ))}
          </div>
          <div className="record-scroll" ref={scrollRef} data-testid="record-list" {...keys.listProps(t.registers.listLabel)}>
            {total === 0 && <div className="empty">{t.registers.empty}</div>}
            <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualizer.getVirtualItems().map((v) => {
                const r = rowAt(v.index);
                const selected = editing !== "new" && editing?.id === r?.id;
                return (
                  <div
                    key={v.key}
                    data-testid="record-row"
                    id={keys.optionId(v.index)}
                    role="option"
                    aria-selected={selected}
                    className={`record-row${selected ? " selected" : ""}${v.index === keys.active ? " active" : ""}`}
                    style={{ gridTemplateColumns: gridOf(columns), position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${v.start}px)` }}
                    onClick={() => r && (setEditing(r), setSavedId(null))}
                  >
                    {columns.map((c) => (
                      <span key={c.name} className={c.input === "amount" || c.input === "count" ? "num" : ""}>
                        {r ? displayValue(c, r.fields[c.name]) : "…"}
                      </span>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
        {editing && (
          <RecordForm
            key={editing === "new" ? `new-${kind}` : editing.id}
            schema={schema}
            titleField={(k) => schemas.find((s) => s.kind === k)?.title_field ?? "title"}
            record={editing === "new" ? null : editing}
            justSaved={editing !== "new" && savedId === editing.id}
            onSaved={(row) => (setEditing(row), setSavedId(row.id), setVersion((n) => n + 1))}
            onDeleted={() => (setEditing(null), setVersion((n) => n + 1))}
            onClose={() => setEditing(null)}
          />
        )}
      </div>
    </main>
  );
}

/** A filter on a free-text field (member organisation…), offering the values the register holds. */
function ValueFilter({ kind, field, value, onChange }: { kind: RegisterKind; field: FieldInfo; value: string; onChange: (v: string) => void }) {
  const [values, setValues] = useState<string[]>([]);
  useEffect(() => {
    return showLatest(commands.field_values(kind, field.name), setValues, () => setValues([]));
  }, [kind, field.name]);
  if (values.length === 0) return null;
  return (
    <select data-testid={`filter-${field.name}`} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{field.label}: {t.registers.allValues}</option>
      {values.map((v) => (
        <option key={v} value={v}>{v}</option>
      ))}
    </select>
  );
}

function gridOf(columns: FieldInfo[]): string {
  return columns.map((c) => (c.input === "date" ? "7.5rem" : c.name === columns[1].name ? "minmax(12rem, 3fr)" : "minmax(6rem, 1fr)")).join(" ");
}

type FormProps = {
  schema: RegisterSchema;
  titleField: (kind: RegisterKind) => string;
  record: RecordRow | null;
  justSaved: boolean;
  onSaved: (row: RecordRow) => void;
  onDeleted: () => void;
  onClose: () => void;
};

function RecordForm({ schema, titleField, record, justSaved, onSaved, onDeleted, onClose }: FormProps) {
  const initial = useMemo(
    () => Object.fromEntries(schema.fields.map((f) => [f.name, inputValue(f, record?.fields[f.name])])),
    [schema, record],
  );
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(justSaved);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [linkOptions, setLinkOptions] = useState<Record<string, RecordRow[]>>({});

  useEffect(() => {
    if (!record) return;
    return showLatest(commands.record_history(schema.kind, record.id), setHistory, () => setHistory([]));
  }, [schema.kind, record]);

  useEffect(() => {
    for (const f of schema.fields.filter((f) => f.link)) {
      commands
        .list_records({ kind: f.link!, period: null, search: null, filters: {}, sort: null, descending: false, offset: 0, limit: 1000 })
        .then((p) => setLinkOptions((o) => ({ ...o, [f.name]: p.rows })))
        .catch(() => undefined);
    }
  }, [schema]);

  const save = async () => {
    setSaved(false);
    // An edit sends only what changed, so the history shows exactly that.
    const changed = Object.fromEntries(Object.entries(values).filter(([k, v]) => !record || v !== initial[k]));
    try {
      const row = record ? await commands.edit_record(schema.kind, record.id, changed, reason) : await commands.add_record(schema.kind, changed);
      setFieldErrors({});
      setMessage(null);
      setReason("");
      setSaved(true);
      onSaved(row);
    } catch (e) {
      if (isApiError(e) && e.fields.length) {
        setFieldErrors(Object.fromEntries(e.fields.map((f) => [f.field, f.message])));
        setMessage(null);
      } else {
        setMessage(errorMessage(e));
      }
    }
  };

  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = async (why: string) => {
    if (!record) return;
    try {
      await commands.delete_record(schema.kind, record.id, why);
      onDeleted();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const input = (f: FieldInfo) => {
    const common = {
      id: `f-${f.name}`,
      "data-testid": `record-field-${f.name}`,
      value: values[f.name] ?? "",
      "aria-invalid": Boolean(fieldErrors[f.name]),
      // Opening a record from the keyboard lands in its first field.
      autoFocus: f.name === schema.fields[0]?.name,
      onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f.name]: e.target.value })),
    };
    switch (f.input) {
      case "long_text":
        return <textarea rows={3} {...common} />;
      case "choice":
        return (
          <select {...common}>
            <option value="" />
            {f.options.map((o) => (
              <option key={o.code} value={o.code}>{o.label}</option>
            ))}
          </select>
        );
      case "link":
        return (
          <select {...common}>
            <option value="">{t.registers.noLink}</option>
            {(linkOptions[f.name] ?? []).map((r) => (
              <option key={r.id} value={r.id}>{String(r.fields[titleField(r.kind)] ?? r.id)}</option>
            ))}
          </select>
        );
      case "date":
        return <input {...common} placeholder={t.registers.datePlaceholder} />;
      case "amount":
        return <input {...common} inputMode="numeric" placeholder={t.registers.amountPlaceholder} />;
      case "count":
      case "stars":
        return <input {...common} inputMode="numeric" />;
      default:
        return <input {...common} />;
    }
  };

  return (
    <aside
      className="record-form"
      data-testid="record-form"
      onKeyDown={(e) => {
        // As in a paper-like form: Enter in a one-line field saves, Escape closes.
        const tag = (e.target as HTMLElement).tagName;
        if (e.key === "Enter" && tag === "INPUT" && !confirmDelete) {
          e.preventDefault();
          save();
        }
        if (e.key === "Escape" && !confirmDelete) onClose();
      }}
    >
      <h2>{record ? t.registers.editTitle : t.registers.newTitle} — {schema.label}</h2>
      <ErrorBanner message={message} />
      {schema.fields.map((f) => (
        <label key={f.name} className="field" htmlFor={`f-${f.name}`}>
          <span className="label">{f.label}{f.required ? " *" : ""}</span>
          {input(f)}
          {fieldErrors[f.name] && <span className="field-error" role="alert" data-testid={`record-error-${f.name}`}>{fieldErrors[f.name]}</span>}
        </label>
      ))}
      {record && (
        <label className="field">
          <span className="label">{t.registers.reason}</span>
          <input data-testid="record-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
      )}
      <div className="actions">
        {saved && <span className="ok" data-testid="record-saved">{t.registers.saved}</span>}
        {record && <button className="secondary" data-testid="record-delete" onClick={() => setConfirmDelete(true)}>{t.registers.delete}</button>}
        <button className="secondary" onClick={onClose}>{t.registers.cancel}</button>
        <button className="primary" data-testid="record-save" onClick={save}>{t.registers.save}</button>
      </div>
      {confirmDelete && (
        <Confirm
          question={t.registers.deleteConfirm}
          reasonLabel={t.registers.deleteReason}
          confirmLabel={t.registers.delete}
          testId="confirm-delete"
          onConfirm={(why) => (setConfirmDelete(false), remove(why))}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
      {record && history.length > 0 && (
        <section className="history" data-testid="record-history">
          <h3>{t.registers.history}</h3>
          <ol>
            {history.map((h, i) => (
              <li key={i}>
                <strong>{t.registers.actions[h.action]}</strong> {formatDateTime(h.at)} {t.registers.by} {h.actor}
                {h.reason && <em> — {h.reason}</em>}
                {h.action === "update" && (
                  <ul>
                    {h.changes.map((c) => {
                      const f = schema.fields.find((x) => x.name === c.field);
                      const show = (v: string | number | null) => (f ? displayValue(f, v) : String(v ?? ""));
                      return (
                        <li key={c.field}>
                          {c.label}: {show(c.old)} → {show(c.new)}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  );
}

