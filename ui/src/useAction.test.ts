import { describe, expect, it } from "vitest";
import { showLatest } from "./useAction";

describe("showLatest", () => {
  it("drops an answer that arrives after the page moved on", async () => {
    let resolveFirst: (v: string) => void = () => {};
    const first = new Promise<string>((r) => (resolveFirst = r));
    const shown: string[] = [];
    const cleanup = showLatest(first, (v) => shown.push(v), () => shown.push("error"));
    // The clerk chooses another period before the first answer came.
    cleanup();
    const stop = showLatest(Promise.resolve("2022"), (v) => shown.push(v), () => shown.push("error"));
    resolveFirst("2021-H1");
    await new Promise((r) => setTimeout(r, 0));
    expect(shown).toEqual(["2022"]);
    stop();
  });

  it("shows a failure of the current call only", async () => {
    const errors: unknown[] = [];
    const stale = showLatest(Promise.reject(new Error("cũ")), () => {}, (e) => errors.push(e));
    stale();
    showLatest(Promise.reject(new Error("mới")), () => {}, (e) => errors.push((e as Error).message));
    await new Promise((r) => setTimeout(r, 0));
    expect(errors).toEqual(["mới"]);
  });
});
