"use client";

import { useLinkStatus } from "next/link";
import type { ReactNode } from "react";

/** Inside a <Link>: marks it while its page is on the way, so a tap on a slow network visibly did something. */
export function LinkPending({ children }: { children: ReactNode }) {
  const { pending } = useLinkStatus();
  return (
    <span className="link-pending" data-pending={pending}>
      {children}
    </span>
  );
}
