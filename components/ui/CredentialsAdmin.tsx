"use client";

import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ApiCallError, callApi as call } from "@/components/healthcard/api";
import { ConfirmDialog } from "@/components/ui/ConfirmDialog";
import { TokenOnce } from "@/components/ui/TokenOnce";

export interface CredentialRow {
  id: string;
  revokedAt: string | null;
}

export interface CredentialColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/** What the issue form sends, or the message for the field that stops it. */
export type IssueRequest = { json: Record<string, unknown> } | { fieldError: { field: string; message: string } };

export interface CredentialsAdminProps<T extends CredentialRow> {
  /** GET lists `{ [listKey]: T[] }`, POST issues `{ [itemKey]: T, token }`, POST `<endpoint>/<id>/revoke` revokes. */
  endpoint: string;
  listKey: string;
  itemKey: string;
  heading: string;
  issueLabel: string;
  /** The form's fields; `fieldError` is the message of the field named by `toRequest`, if any. */
  fields: (fieldError: { field: string; message: string } | null) => ReactNode;
  toRequest: (form: FormData) => IssueRequest;
  columns: CredentialColumn<T>[];
  /** The one-time token's message for the credential just issued. */
  tokenMessage: (issued: T) => string;
  tokenTestId: string;
  revokeTitle: (row: T) => string;
  labels: { copy: string; loading: string; none: string; revoke: string; confirmRevoke: string; cancel: string; actions: string; networkError: string };
}

/**
 * An institution's machine credentials (health-card terminals, integration systems): issue one and
 * show its token once, list them, revoke after confirming. The token itself is never listed again.
 */
export function CredentialsAdmin<T extends CredentialRow>(props: CredentialsAdminProps<T>) {
  const { endpoint, listKey, itemKey, labels } = props;
  const errorText = useCallback((e: unknown) => (e instanceof ApiCallError && e.message ? e.message : labels.networkError), [labels.networkError]);
  const [rows, setRows] = useState<T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | null>(null);
  const [issued, setIssued] = useState<{ row: T; token: string } | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<T | null>(null);
  const [pending, setPending] = useState(false);

  const load = useCallback(
    () =>
      call<Record<string, T[]>>(endpoint).then(
        (result) => setRows(result[listKey] ?? []),
        (e: unknown) => setError(errorText(e)),
      ),
    [endpoint, listKey, errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function onIssue(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const request = props.toRequest(new FormData(formElement));
    setError(null);
    if ("fieldError" in request) {
      setFieldError(request.fieldError);
      return;
    }
    setFieldError(null);
    setPending(true);
    try {
      const result = await call<Record<string, unknown>>(endpoint, { method: "POST", json: request.json });
      setIssued({ row: result[itemKey] as T, token: String(result.token) });
      formElement.reset();
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  }

  async function revoke(id: string) {
    setConfirmRevoke(null);
    try {
      await call(`${endpoint}/${id}/revoke`, { method: "POST" });
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="stack">
      <form className="form card" onSubmit={onIssue} noValidate>
        <h2>{props.heading}</h2>
        {props.fields(fieldError)}
        <button type="submit" className="button button--primary" disabled={pending} aria-busy={pending}>
          {props.issueLabel}
        </button>
      </form>
      {issued ? <TokenOnce message={props.tokenMessage(issued.row)} token={issued.token} copyLabel={labels.copy} testId={props.tokenTestId} /> : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {rows === null && !error ? <p role="status">{labels.loading}</p> : null}
      {rows?.length === 0 ? <p className="card empty-state">{labels.none}</p> : null}
      {rows && rows.length > 0 ? (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                {props.columns.map((column) => (
                  <th scope="col" key={column.header}>
                    {column.header}
                  </th>
                ))}
                <th scope="col">
                  <span className="visually-hidden">{labels.actions}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  {props.columns.map((column) => (
                    <td key={column.header}>{column.cell(row)}</td>
                  ))}
                  <td>
                    {row.revokedAt ? null : (
                      <button type="button" className="button button--ghost" onClick={() => setConfirmRevoke(row)}>
                        {labels.revoke}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmRevoke !== null}
        title={confirmRevoke ? props.revokeTitle(confirmRevoke) : ""}
        confirmLabel={labels.confirmRevoke}
        cancelLabel={labels.cancel}
        danger
        onConfirm={() => void (confirmRevoke && revoke(confirmRevoke.id))}
        onCancel={() => setConfirmRevoke(null)}
      />
    </div>
  );
}

/** A field's message under it, tied to its input by aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | null }) {
  return error ? (
    <span className="field__error" id={id} role="alert">
      {error}
    </span>
  ) : null;
}
