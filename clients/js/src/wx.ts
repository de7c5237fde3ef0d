import type { ElementsApp, Session } from "./app.js";
import { ElementsError } from "./errors.js";
import type { TokenStore } from "./tokens.js";
import type { Transport } from "./transport.js";
import { parseBody } from "./transport.js";

/**
 * The part of the mini program's `wx` object this package uses. The real `wx` (typed by miniprogram-api-typings as
 * `WechatMiniprogram.Wx`) fits it; tests pass a fake.
 */
export interface WxLike {
  request(options: {
    url: string;
    method: "POST";
    data: string;
    header: Record<string, string>;
    dataType: "json";
    responseType: "text";
    success(result: { statusCode: number; data: unknown }): void;
    fail(error: { errMsg: string }): void;
  }): unknown;
  login(options: { success(result: { code: string }): void; fail(error: { errMsg: string }): void }): unknown;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, data: unknown): void;
  removeStorageSync(key: string): void;
}

/** A transport over `wx.request`: a `fail` (no answer: network, domain not allowed, timeout) is code `NETWORK`. */
export function wxTransport(wx: Pick<WxLike, "request">): Transport {
  return (request) =>
    new Promise((resolve, reject) => {
      wx.request({
        url: request.url,
        method: "POST",
        // Serialized here so every base library sends the same bytes, whatever its own handling of objects.
        data: JSON.stringify(request.body ?? {}),
        header: request.headers,
        dataType: "json",
        responseType: "text",
        success: (result) =>
          resolve({ status: result.statusCode, body: typeof result.data === "string" ? parseBody(result.data) : result.data }),
        fail: (error) => reject(ElementsError.network(error.errMsg)),
      });
    });
}

/** A token store over `wx.setStorageSync` (kept across launches of the mini program). */
export function wxStorageTokenStore(wx: Pick<WxLike, "getStorageSync" | "setStorageSync" | "removeStorageSync">, key: string): TokenStore {
  return {
    get: () => {
      const value = wx.getStorageSync(key);
      return typeof value === "string" && value.length > 0 ? value : undefined;
    },
    set: (token) => (token === undefined ? wx.removeStorageSync(key) : wx.setStorageSync(key, token)),
  };
}

export interface MiniProgramLoginOptions {
  /** The app's WeChat mini-program login type instance. */
  loginElement?: string;
  /** Register a WeChat user the app does not know yet (when the login type allows it); else AUTH_NOT_REGISTERED. */
  register?: boolean;
  /** The wx storage key of the session token. */
  storageKey?: string;
  /** Log in even when a token is stored. */
  force?: boolean;
}

export interface MiniProgramSession extends Partial<Session> {
  token: string;
  /** The token came from wx storage: no call was made. */
  reused: boolean;
  /** A new user was registered on the way. */
  registered: boolean;
}

/**
 * Logs the mini program's user in: `wx.login` → `getLoginCode({code})`; a `{bindCode}` (a new WeChat user) →
 * `register({bindCode})`, a fresh `wx.login` and `getLoginCode` again; then `AuthSvc.login({loginCode})`. The token
 * is kept in wx storage under `storageKey`, so a later launch reuses it without any call, and from then on a 401
 * from any call of `app` logs in again once and retries that call once.
 */
export async function miniProgramLogin<Ops>(
  app: ElementsApp<Ops>,
  wx: WxLike,
  options: MiniProgramLoginOptions = {},
): Promise<MiniProgramSession> {
  const loginElement = options.loginElement ?? "auths.loginTypes.myWeChatMiniLogin";
  const register = options.register ?? true;
  app.tokenStore = wxStorageTokenStore(wx, options.storageKey ?? "elements.token");

  const login = async (): Promise<MiniProgramSession> => {
    // A stale token must not travel with the login calls (the host refuses it even on anonymous functions).
    app.tokenStore.set(undefined);
    let answer = await getLoginCode(app, loginElement, await wxLogin(wx));
    let registered = false;
    if (typeof answer.loginCode !== "string" && typeof answer.bindCode === "string") {
      if (!register) {
        throw new ElementsError({
          code: "AUTH_NOT_REGISTERED",
          status: 0,
          detail: "this WeChat user has no account yet, and miniProgramLogin was told not to register it",
        });
      }

      await app.call(loginElement, "register", { bindCode: answer.bindCode }, { anonymous: true });
      registered = true;
      // The first wx.login code was spent by the first getLoginCode: WeChat codes are single use.
      answer = await getLoginCode(app, loginElement, await wxLogin(wx));
    }

    if (typeof answer.loginCode !== "string") {
      throw new ElementsError({ code: "UNEXPECTED_ANSWER", status: 200, detail: `${loginElement}.getLoginCode answered without a loginCode` });
    }

    return { ...(await app.login(answer.loginCode)), reused: false, registered };
  };

  app.reauthenticate = async () => {
    await login();
    return true;
  };

  const stored = app.tokenStore.get();
  if (stored !== undefined && !options.force) {
    return { token: stored, reused: true, registered: false };
  }

  return login();
}

async function getLoginCode<Ops>(app: ElementsApp<Ops>, loginElement: string, code: string) {
  const answer = await app.call(loginElement, "getLoginCode", { code }, { anonymous: true });
  return (answer ?? {}) as { loginCode?: unknown; bindCode?: unknown; userId?: number };
}

function wxLogin(wx: Pick<WxLike, "login">): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (result) => resolve(result.code),
      fail: (error) => reject(new ElementsError({ code: "WX_LOGIN_FAILED", status: 0, detail: error.errMsg })),
    });
  });
}
