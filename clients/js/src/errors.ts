/**
 * Every failed call surfaces as an ElementsError: the host's RFC 7807 problem details (`code`, and WeChat's
 * `errcode`/`errmsg` when WeChat refused), or a client-side code when there is no problem to read.
 *
 * Client-side codes (never sent by the host):
 * - `NETWORK`: the request did not reach the host or no answer came back (status 0).
 * - `HTTP_<status>`: the host (or a proxy in front of it) answered an error without problem details.
 * - `AUTH_NOT_REGISTERED`: miniProgramLogin got a bindCode (a WeChat user the app does not know yet) and was told
 *   not to register it (the host answers the same code when the login type itself does not allow registering).
 * - `WX_LOGIN_FAILED`: `wx.login` called its `fail` (its errMsg is the detail).
 * - `UNEXPECTED_ANSWER`: a login step answered 200 without what the next step needs (no token, no loginCode).
 */
export class ElementsError extends Error {
  /** The stable error code: the host's (`EL_FORBIDDEN`, `WECHAT_40029`, ...) or a client-side one (above). */
  readonly code: string;
  /** The HTTP status, 0 when no answer came back. */
  readonly status: number;
  /** WeChat's errcode, when WeChat refused the call. */
  readonly errcode?: number;
  /** WeChat's errmsg, when WeChat refused the call. */
  readonly errmsg?: string;
  readonly title?: string;
  readonly detail?: string;
  /** Identifies a server fault in the host's log. */
  readonly traceId?: string;
  /** With 429 and 503: when to try again. */
  readonly retryAfterSeconds?: number;

  constructor(init: {
    code: string;
    status: number;
    errcode?: number;
    errmsg?: string;
    title?: string;
    detail?: string;
    traceId?: string;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(`${init.code} (${init.status}): ${init.detail ?? init.title ?? init.errmsg ?? "request failed"}`,
      init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "ElementsError";
    this.code = init.code;
    this.status = init.status;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.title = init.title;
    this.detail = init.detail;
    this.traceId = init.traceId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  /** An error answer as the host (or whatever stands in front of it) sent it: problem details when they parse. */
  static fromResponse(status: number, body: unknown): ElementsError {
    const problem = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : undefined;
    const text = (key: string) => (typeof problem?.[key] === "string" ? (problem[key] as string) : undefined);
    const number = (key: string) => (typeof problem?.[key] === "number" ? (problem[key] as number) : undefined);
    return new ElementsError({
      code: text("code") ?? `HTTP_${status}`,
      status,
      errcode: number("errcode"),
      errmsg: text("errmsg"),
      title: text("title"),
      // A non-JSON answer (a proxy's HTML page) is not worth repeating in full.
      detail: text("detail") ?? (typeof body === "string" && body.length > 0 ? body.slice(0, 200) : undefined),
      traceId: text("traceId"),
      retryAfterSeconds: number("retryAfterSeconds"),
    });
  }

  static network(detail: string, cause?: unknown): ElementsError {
    return new ElementsError({ code: "NETWORK", status: 0, detail, cause });
  }
}
