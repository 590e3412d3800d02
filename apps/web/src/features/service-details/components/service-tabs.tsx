// An accessible tablist (WAI-ARIA tabs pattern, manual activation is not needed: arrows move and
// select, Home/End jump). The chosen tab is kept in the URL (?tab=) so it can be linked and
// survives reloads. The tabs stay on one line and scroll sideways when they do not fit (a phone),
// keeping the chosen one in view.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabDefinition<Id extends string> {
  id: Id;
  label: string;
}

interface ServiceTabsProps<Id extends string> {
  tabs: readonly TabDefinition<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
  label: string;
  children: ReactNode;
}

export function tabId(id: string): string {
  return `sd-tab-${id}`;
}

export function panelId(id: string): string {
  return `sd-panel-${id}`;
}

export function ServiceTabs<Id extends string>({ tabs, selected, onSelect, label, children }: ServiceTabsProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const list = useRef<HTMLDivElement>(null);

  // Scrolls only the tab strip (scrollIntoView could move the page as well).
  useEffect(() => {
    const strip = list.current;
    const tab = refs.current.get(selected);
    if (!strip || !tab) return;
    if (tab.offsetLeft < strip.scrollLeft) strip.scrollLeft = tab.offsetLeft;
    else if (tab.offsetLeft + tab.offsetWidth > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = tab.offsetLeft + tab.offsetWidth - strip.clientWidth;
    }
  }, [selected]);

  function move(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (index + 1) % tabs.length;
    else if (event.key === "ArrowLeft") next = (index - 1 + tabs.length) % tabs.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = tabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    const target = tabs[next];
    if (!target) return;
    onSelect(target.id);
    refs.current.get(target.id)?.focus();
  }

  return (
    <div className="sd-tabs">
      <div ref={list} role="tablist" aria-label={label} className="sd-tablist">
        {tabs.map((tab, index) => {
          const isSelected = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(node) => {
                if (node) refs.current.set(tab.id, node);
                else refs.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={isSelected}
              aria-controls={panelId(tab.id)}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(event) => move(event, index)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={panelId(selected)} aria-labelledby={tabId(selected)} tabIndex={0} className="sd-panel">
        {children}
      </div>
    </div>
  );
}
