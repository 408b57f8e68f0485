// Keyboard use of a long list whose rows are not buttons (a virtualised register or unit
// list): the list itself takes the focus, the arrow keys, Home/End and Page Up/Down move a
// highlighted row (scrolled into view), and Enter or Space picks it, as a click would.

import { useState } from "react";
import type { KeyboardEvent } from "react";

const PAGE = 10;

/** The row the keys would move to from `active` in a list of `count` rows, or null for other keys. */
export function nextRow(key: string, active: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(count - 1, active + 1);
    case "ArrowUp":
      return Math.max(0, active - 1);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "PageDown":
      return Math.min(count - 1, Math.max(0, active) + PAGE);
    case "PageUp":
      return Math.max(0, active - PAGE);
    default:
      return null;
  }
}

/**
 * The keyboard for a list of `count` rows: `listProps(label)` goes on the scrolling element,
 * `optionId(i)` on row i (so a screen reader follows the highlighted row).
 */
export function useListKeys(idPrefix: string, count: number, pick: (index: number) => void, scrollTo: (index: number) => void) {
  const [active, setActive] = useState(-1);
  const optionId = (index: number) => `${idPrefix}-option-${index}`;
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.key === "Enter" || e.key === " ") && active >= 0 && active < count) {
      e.preventDefault();
      pick(active);
      return;
    }
    const next = nextRow(e.key, active, count);
    if (next === null) return;
    e.preventDefault();
    setActive(next);
    scrollTo(next);
  };
  const listProps = (label: string) => ({
    role: "listbox",
    tabIndex: 0,
    "aria-label": label,
    "aria-activedescendant": active >= 0 ? optionId(active) : undefined,
    onKeyDown,
  });
  return { active, setActive, optionId, listProps };
}
