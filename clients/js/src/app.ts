import { ElementsError } from "./errors.js";
import { memoryTokenStore, type TokenStore } from "./tokens.js";
import { fetchTransport, type Transport } from "./transport.js";
import type { ElementProxy, UntypedOperations } from "./types.js";

export interface AppOptions {
  /** The host's root, e.g. `http://127.0.0.1:5080` (calls go to `{baseUrl}/api/{org}/{app}/...`). */
  baseUrl: string;
  /** The app's id, `{org}.{app}` as in its app.json (the sample app is `demo.SampleApp`). */
  appId: string;
  /** How calls travel: `fetchTransport()` (the default) or `wxTransport(wx)` in a mini program. */
  transport?: Transport;
  /** Where the session token is kept: in memory by default. */
  tokenStore?: TokenStore;
}

export interface CallOptions {
  /** Send no Authorization header: the login functions, where a stale token would be refused (401 EL_INVALID_SESSION). */
  anonymous?: boolean;
  /** false: a 401 is thrown as it is, even when the app knows how to log in again. */
  retryOnUnauthorized?: boolean;
}

/** A session from `auths.services.AuthSvc.login`. */
export interface Session {
  token: string;
  expiresAt?: string;
  userId?: number;
}

/**
 * Logs in again after a 401 and says whether it did (then the failed call is sent once more). miniProgramLogin
 * installs one; there is no refresh token: logging in again is the refresh.
 */
export type Reauthenticate = (error: ElementsError) => Promise<boolean>;

export interface ElementsApp<Ops = UntypedOperations> {
  readonly baseUrl: string;
  readonly appId: string;
  /** The part of appId before the first dot (`demo`). */
  readonly orgId: string;
  /** The part of appId after the first dot (`SampleApp`). */
  readonly name: string;
  /** Where the token lives; miniProgramLogin replaces it with one over wx storage. */
  tokenStore: TokenStore;
  /** Called on a 401 from any call that sent or needed a session (see Reauthenticate). */
  reauthenticate: Reauthenticate | undefined;

  /**
   * The element `fullName` (JitAi's `app.getElement`): each property is one of its functions, called with an
   * object of named arguments (`app.getElement("models.Todo").query({ filter })`). Synchronous, but also awaitable
   * (`await app.getElement(name)` gives the same object), as JitAi's front end returns a promise.
   */
  getElement<N extends string>(fullName: N): ElementProxy<Ops, N>;

  /** One call by name: `POST {baseUrl}/api/{org}/{app}/{full/name}/{fn}`. Rejects with an ElementsError. */
  call(fullName: string, fn: string, args?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;

  /** `auths.services.AuthSvc.login({loginCode})`: keeps the token, which every later call then sends. */
  login(loginCode: string): Promise<Session>;

  /** `auths.services.AuthSvc.logout({token})` for the kept token, then forgets it. */
  logout(): Promise<void>;
}

export const AUTH_SERVICE = "auths.services.AuthSvc";

// Properties that JavaScript itself probes on objects (await, JSON.stringify, test matchers): never element functions.
const NOT_FUNCTIONS = new Set(["then", "toJSON", "constructor", "valueOf", "toString", "asymmetricMatch", "nodeType"]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function createApp<Ops = UntypedOperations>(options: AppOptions): ElementsApp<Ops> {
  const dot = options.appId.indexOf(".");
  if (dot <= 0 || dot === options.appId.length - 1) {
    throw new TypeError(`appId must be {org}.{app}, e.g. demo.SampleApp (got "${options.appId}")`);
  }

  const orgId = options.appId.slice(0, dot);
  const name = options.appId.slice(dot + 1);
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const transport = options.transport ?? fetchTransport();
  const apiRoot = `${baseUrl}/api/${encodeURIComponent(orgId)}/${encodeURIComponent(name)}`;
  let reauthenticating: Promise<boolean> | undefined;

  const send = async (fullName: string, fn: string, args: Record<string, unknown> | undefined, token: string | undefined) => {
    const headers: Record<string, string> = { "Content-Type": "application/json", Accept: "application/json" };
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }

    const url = `${apiRoot}/${fullName.split(".").map(encodeURIComponent).join("/")}/${encodeURIComponent(fn)}`;
    const response = await transport({ url, headers, body: args ?? {} });
    if (response.status < 200 || response.status > 299) {
      throw ElementsError.fromResponse(response.status, response.body);
    }

    return response.body;
  };

  const app: ElementsApp<Ops> = {
    baseUrl,
    appId: options.appId,
    orgId,
    name,
    tokenStore: options.tokenStore ?? memoryTokenStore(),
    reauthenticate: undefined,

    getElement<N extends string>(fullName: N) {
      if (!NAME.test(fullName)) {
        throw new TypeError(`"${fullName}" is not an element full name (dotted, e.g. models.Todo)`);
      }

      return new Proxy(Object.create(null) as object, {
        get(_, fn) {
          if (typeof fn !== "string" || NOT_FUNCTIONS.has(fn)) {
            return undefined;
          }

          return (args?: Record<string, unknown>) => app.call(fullName, fn, args);
        },
      }) as ElementProxy<Ops, N>;
    },

    async call(fullName, fn, args, callOptions = {}) {
      const anonymous = callOptions.anonymous ?? false;
      const sent = anonymous ? undefined : app.tokenStore.get();
      try {
        return await send(fullName, fn, args, sent);
      } catch (error) {
        const retry = error instanceof ElementsError && error.status === 401 && !anonymous
          && callOptions.retryOnUnauthorized !== false && app.reauthenticate !== undefined;
        if (!retry) {
          throw error;
        }

        // A call that met the dead session after another one already logged in again only needs the new token;
        // concurrent calls that meet it together log in once.
        const current = app.tokenStore.get();
        if (current === undefined || current === sent) {
          reauthenticating ??= app.reauthenticate!(error).finally(() => {
            reauthenticating = undefined;
          });
          if (!(await reauthenticating)) {
            throw error;
          }
        }

        return await send(fullName, fn, args, app.tokenStore.get());
      }
    },

    async login(loginCode) {
      const answer = (await app.call(AUTH_SERVICE, "login", { loginCode }, { anonymous: true })) as Partial<Session> | null;
      if (typeof answer?.token !== "string") {
        throw new ElementsError({ code: "UNEXPECTED_ANSWER", status: 200, detail: `${AUTH_SERVICE}.login answered without a token` });
      }

      app.tokenStore.set(answer.token);
      return answer as Session;
    },

    async logout() {
      const token = app.tokenStore.get();
      app.tokenStore.set(undefined);
      if (token) {
        await app.call(AUTH_SERVICE, "logout", { token }, { anonymous: true });
      }
    },
  };

  return app;
}
