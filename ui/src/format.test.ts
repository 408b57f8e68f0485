import { describe, expect, it } from "vitest";
import { formatDateTime, formatInteger } from "./format";
import { vi } from "./i18n/vi";

describe("formatInteger", () => {
  it("groups thousands with dots", () => {
    expect(formatInteger(0)).toBe("0");
    expect(formatInteger(999)).toBe("999");
    expect(formatInteger(1000)).toBe("1.000");
    expect(formatInteger(1200300)).toBe("1.200.300");
    expect(formatInteger(-5000)).toBe("-5.000");
  });
});

describe("formatDateTime", () => {
  it("shows Vietnam's day and time, whatever the laptop's zone", () => {
    expect(formatDateTime("2021-12-31T23:30:00Z")).toBe("01/01/2022 06:30");
    expect(formatDateTime("2022-06-20T08:15:00Z")).toBe("20/06/2022 15:15");
    expect(formatDateTime("không phải ngày")).toBe("không phải ngày");
  });
});

describe("message catalogue", () => {
  it("is Vietnamese and says how late a report is", () => {
    expect(vi.home.deadline(3)).toBe("còn 3 ngày");
    expect(vi.home.deadline(0)).toBe("hạn chót hôm nay");
    expect(vi.home.deadline(-2)).toBe("quá hạn 2 ngày");
    expect(vi.units.count(12345)).toBe("12.345 đơn vị");
  });

  it("has no empty message", () => {
    const walk = (o: unknown): string[] =>
      typeof o === "string" ? [o] : typeof o === "object" && o ? Object.values(o).flatMap(walk) : [];
    for (const s of walk(vi)) expect(s.trim().length).toBeGreaterThan(0);
  });
});

import type { FieldInfo } from "./bindings/types";
import { displayValue, isoToDmy } from "./registerFormat";

describe("register values", () => {
  it("show dates and numbers as documents do", () => {
    expect(isoToDmy("2022-03-05")).toBe("05/03/2022");
    const amount: FieldInfo = { name: "amount", label: "Số tiền", input: "amount", required: true, options: [], link: null, filterable: false };
    expect(displayValue(amount, 30000000)).toBe("30.000.000");
    const status: FieldInfo = { name: "status", label: "Tình trạng", input: "choice", required: true, options: [{ code: "cong_nhan", label: "Được công nhận" }], link: null, filterable: false };
    expect(displayValue(status, "cong_nhan")).toBe("Được công nhận");
  });
});
