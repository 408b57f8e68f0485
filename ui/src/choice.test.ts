import { describe, expect, it } from "vitest";
import { oneOf } from "./choice";

describe("oneOf", () => {
  it("gives back the option the value names, and nothing for a value that is not one", () => {
    const kinds = ["section", "item", "point"] as const;
    expect(oneOf(kinds, "item")).toBe("item");
    expect(oneOf(kinds, "bullet")).toBeUndefined();
    expect(oneOf(kinds, "")).toBeUndefined();
  });
});
