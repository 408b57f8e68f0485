// A searchable list of units from the catalogue. The list can hold every commune of the
// country, so only the rows in view are rendered (TanStack Virtual).

import { useEffect, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { commands, errorMessage } from "../api";
import type { Unit } from "../bindings/types";
import { t } from "../i18n/vi";
import { useListKeys } from "../useListKeys";

const ROW_HEIGHT = 36;

type Props = {
  level: string | null;
  parentId?: string | null;
  selectedId: string | null;
  onSelect: (unit: Unit) => void;
  testId: string;
};

export function UnitPicker({ level, parentId = null, selectedId, onSelect, testId }: Props) {
  const [search, setSearch] = useState("");
  const [units, setUnits] = useState<Unit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    // Wait for a pause in typing before asking Rust for the list again.
    const timer = setTimeout(() => {
      commands
        .list_units({ search: search || null, level, parent_id: parentId, include_retired: false, limit: null })
        .then((list) => !cancelled && (setUnits(list), setError(null)))
        .catch((e) => !cancelled && setError(errorMessage(e)));
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [search, level, parentId]);

  const virtualizer = useVirtualizer({
    count: units.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const keys = useListKeys(testId, units.length, (i) => onSelect(units[i]), (i) => virtualizer.scrollToIndex(i));

  return (
    <div className="unit-picker" data-testid={testId}>
      <input
        type="search"
        className="unit-search"
        data-testid={`${testId}-search`}
        placeholder={t.units.search}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="unit-count">{error ?? t.units.count(units.length)}</div>
      <div className="unit-list" ref={scrollRef} data-testid={`${testId}-list`} {...keys.listProps(t.units.search)}>
        {units.length === 0 && !error && <div className="empty">{t.units.none}</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((row) => {
            const unit = units[row.index];
            const selected = unit.id === selectedId;
            return (
              <div
                key={unit.id}
                id={keys.optionId(row.index)}
                role="option"
                aria-selected={selected}
                data-testid="unit-option"
                data-code={unit.code}
                className={`unit-row${selected ? " selected" : ""}${row.index === keys.active ? " active" : ""}`}
                style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                onClick={() => onSelect(unit)}
              >
                <span className="unit-code">{unit.code}</span>
                <span className="unit-name">{unit.name}</span>
                <span className="unit-parent">{unit.parent_name ?? ""}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
