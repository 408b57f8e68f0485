import { describe, expect, it } from "vitest";
import { nextRow } from "./useListKeys";

describe("keyboard movement in a long list", () => {
  it("moves by one, by a page and to the ends, never past them", () => {
    expect(nextRow("ArrowDown", -1, 5)).toBe(0);
    expect(nextRow("ArrowDown", 4, 5)).toBe(4);
    expect(nextRow("ArrowUp", 0, 5)).toBe(0);
    expect(nextRow("PageDown", -1, 50)).toBe(10);
    expect(nextRow("PageDown", 45, 50)).toBe(49);
    expect(nextRow("PageUp", 5, 50)).toBe(0);
    expect(nextRow("End", 0, 50)).toBe(49);
    expect(nextRow("Home", 30, 50)).toBe(0);
  });
  it("ignores other keys and empty lists", () => {
    expect(nextRow("a", 1, 5)).toBeNull();
    expect(nextRow("ArrowDown", -1, 0)).toBeNull();
  });
});
