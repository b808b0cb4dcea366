import Link from "next/link";
import "./ui.css";

/** Server-rendered page links; `hrefFor(page)` keeps the other filters. */
export function Pagination({ page, pageSize, total, hrefFor, labels }: { page: number; pageSize: number; total: number; hrefFor: (page: number) => string; labels: { previous: string; next: string; status: string; nav: string } }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={labels.nav}>
      {page > 1 ? (
        <Link className="button button--ghost" href={hrefFor(page - 1)} rel="prev">
          {labels.previous}
        </Link>
      ) : null}
      <span className="muted" aria-current="page">
        {labels.status}
      </span>
      {page < pages ? (
        <Link className="button button--ghost" href={hrefFor(page + 1)} rel="next">
          {labels.next}
        </Link>
      ) : null}
    </nav>
  );
}
