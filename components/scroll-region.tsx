import type { ReactNode } from "react";

type Name = { labelledBy: string; label?: never } | { label: string; labelledBy?: never };

/**
 * The frame of a wide table: on a narrow screen it scrolls sideways inside the page
 * (never the page itself), and it takes keyboard focus so that works without a mouse
 * (axe: scrollable-region-focusable). It is named for screen readers by `labelledBy`
 * (the table's caption or the section's heading) or, when there is none, by `label`.
 */
export function ScrollRegion({ className, children, ...name }: Name & { className?: string; children: ReactNode }) {
  return (
    <div
      className={className ? `scroll-region ${className}` : "scroll-region"}
      role="region"
      aria-labelledby={name.labelledBy}
      aria-label={name.label}
      tabIndex={0}
    >
      {children}
    </div>
  );
}
