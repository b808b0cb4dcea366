"use client";

/**
 * A credential's token, shown the once it exists (terminals, integration credentials): the
 * sentence saying so, the token, and a copy button. Only its hash is kept; it cannot be shown again.
 */
export function TokenOnce({ message, token, copyLabel, testId }: { message: string; token: string; copyLabel: string; testId: string }) {
  return (
    <div className="card stack notice notice--info" role="status">
      <p>{message}</p>
      <code className="break" data-testid={testId}>
        {token}
      </code>
      <button type="button" className="button button--ghost" onClick={() => void navigator.clipboard?.writeText(token)}>
        {copyLabel}
      </button>
    </div>
  );
}
