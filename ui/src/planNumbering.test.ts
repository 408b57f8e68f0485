import { describe, expect, it } from "vitest";
import type { PlanNode } from "./bindings/types";
import { renumber } from "./planNumbering";

const node = (kind: PlanNode["kind"], children: PlanNode[] = []): PlanNode => ({ kind, marker: "?", heading: "", body: "", children });

describe("renumber", () => {
  it("numbers sections, items, points and bullets as Decree 30 does, afresh under each parent", () => {
    const points = ["a", "b", "c", "d", "đ", "e"].map(() => node("point"));
    const out = renumber([node("section", [node("item", points), node("item", [node("bullet")])]), node("section", [node("item")]), node("paragraph")]);
    expect(out.map((n) => n.marker)).toEqual(["I.", "II.", ""]);
    expect(out[0].children.map((n) => n.marker)).toEqual(["1.", "2."]);
    expect(out[0].children[0].children.map((n) => n.marker)).toEqual(["a)", "b)", "c)", "d)", "đ)", "e)"]);
    expect(out[0].children[1].children[0].marker).toBe("-");
    expect(out[1].children[0].marker).toBe("1.");
  });
});
