// Numbering a plan's structure as Decree 30 writes it: sections I., II.; items 1., 2.; points
// a), b), … in the Vietnamese alphabet (đ after d, no f, j, w, z); bullets "-".

import type { NodeKind, PlanNode } from "./bindings/types";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];
const LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"];

/** Markers as Decree 30 numbers them: I., 1., a), - ; paragraphs have none. Each level counts
 * again from the start under every parent. */
export function renumber(nodes: PlanNode[]): PlanNode[] {
  const counts: Partial<Record<NodeKind, number>> = {};
  return nodes.map((n) => {
    const i = counts[n.kind] ?? 0;
    counts[n.kind] = i + 1;
    const marker =
      n.kind === "section" ? `${ROMAN[i] ?? i + 1}.` : n.kind === "item" ? `${i + 1}.` : n.kind === "point" ? `${LETTERS[i] ?? "z"})` : n.kind === "bullet" ? "-" : "";
    return { ...n, marker, children: renumber(n.children) };
  });
}

