import type { ReactNode } from "react";
import "./ui.css";

export type BadgeTone = "neutral" | "info" | "success" | "warning" | "danger";

export function Badge({ tone = "neutral", children, testId }: { tone?: BadgeTone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge${tone === "neutral" ? "" : ` badge--${tone}`}`} data-testid={testId}>
      {children}
    </span>
  );
}
