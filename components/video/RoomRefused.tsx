import Link from "next/link";

/** Why a video page cannot be shown (not a participant, unknown or ended room), with the way back (none for a guest, who has nowhere else to go). */
export function RoomRefused({ title, reason, backLabel, backHref = "/video" }: { title: string; reason: string; backLabel: string | null; backHref?: string }) {
  return (
    <section className="card" role="alert" data-testid="video-refused">
      <h1>{title}</h1>
      <p>{reason}</p>
      {backLabel ? (
        <Link className="button button--primary" href={backHref}>
          {backLabel}
        </Link>
      ) : null}
    </section>
  );
}
