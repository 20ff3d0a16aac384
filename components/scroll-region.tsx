import type { ReactNode } from "react";

/**
 * The frame of a wide table: on a narrow screen it scrolls sideways inside the page,
 * and it takes keyboard focus so that works without a mouse (axe: scrollable-region-focusable).
 * `labelledBy` names it for screen readers: the table's caption or the section's heading.
 */
export function ScrollRegion({ labelledBy, className, children }: { labelledBy: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `scroll-region ${className}` : "scroll-region"} role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}
