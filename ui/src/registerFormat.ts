// How register values are shown and typed in the UI: dates dd/mm/yyyy, numbers with ".".

import type { FieldInfo, RegisterSchema } from "./bindings/types";
import { formatInteger } from "./format";

/** "2022-03-05" → "05/03/2022"; anything else unchanged. */
export function isoToDmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A stored value as a list cell shows it. */
export function displayValue(field: FieldInfo, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  switch (field.input) {
    case "date":
      return isoToDmy(String(value));
    case "amount":
    case "count":
      return typeof value === "number" ? formatInteger(value) : String(value);
    case "choice":
      return field.options.find((o) => o.code === value)?.label ?? String(value);
    default:
      return String(value);
  }
}

/** A stored value as a form input starts with. */
export function inputValue(field: FieldInfo, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  return field.input === "choice" || field.input === "link" ? String(value) : displayValue(field, value);
}

/** The columns a register's list shows: its date, its title and up to two choices or figures. */
export function columnsOf(schema: RegisterSchema): FieldInfo[] {
  const by = (name: string) => schema.fields.find((f) => f.name === name)!;
  const extra = schema.fields.filter((f) => ["choice", "amount", "count"].includes(f.input)).slice(0, 2);
  return [by(schema.date_field), by(schema.title_field), ...extra];
}
