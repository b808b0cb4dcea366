import Link from "next/link";

/** Why a video page cannot be shown (not a participant, unknown or ended room), with the way back. */
export function RoomRefused({ title, reason, backLabel, backHref = "/video" }: { title: string; reason: string; backLabel: string; backHref?: string }) {
  return (
    <section className="card" role="alert" data-testid="video-refused">
      <h1>{title}</h1>
      <p>{reason}</p>
      <Link className="button button--primary" href={backHref}>
        {backLabel}
      </Link>
    </section>
  );
}
