// Numbers and dates as Vietnamese documents write them (DOCUMENT_FORMAT.md).

/** 1200300 → "1.200.300". */
export function formatInteger(n: number): string {
  const sign = n < 0 ? "-" : "";
  const digits = Math.trunc(Math.abs(n)).toString();
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

/** Vietnam's offset from UTC: +7 all year, no daylight saving. */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** An instant (RFC 3339) as "dd/mm/yyyy HH:MM" in Vietnam, whatever the laptop's time zone. */
export function formatDateTime(iso: string): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + VIETNAM_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

/** How much of a target a figure reaches, as a whole percentage ("45%"); "" without a target. */
export function percentOf(value: number | null, target: number | null): string {
  if (value === null || target === null || target <= 0) return "";
  return `${formatInteger(Math.round((value * 100) / target))}%`;
}
