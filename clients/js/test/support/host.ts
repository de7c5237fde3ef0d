import { inject } from "vitest";
import { createApp, type AppOptions, type SampleAppOperations, type WxLike } from "../../src/index.js";

export const baseUrl = inject("baseUrl");
export const appId = "demo.SampleApp";
export const miniAppId = "wx0000000000demo03";

/** The sample app, typed from its generated document. */
export function sampleApp(options: Partial<AppOptions> = {}) {
  return createApp<SampleAppOperations>({ baseUrl, appId, ...options });
}

/** A name no other test (nor an earlier run against the same host) uses. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The sandbox control API: a real request to the host's in-process WeChat sandbox. */
export async function sandbox(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}/sandbox/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`sandbox ${path} answered ${response.status}: ${text}`);
  }

  return text.length > 0 ? JSON.parse(text) : undefined;
}

/** A WeChat user the sandbox knows and the app does not (yet). */
export async function newWeChatUser(): Promise<string> {
  const userId = unique("js");
  await sandbox("users", { userId, nickname: userId });
  return userId;
}

/** wx.login's code for a user, as the WeChat client would get it. */
export async function mintLoginCode(user: string): Promise<string> {
  const answer = (await sandbox(`apps/${miniAppId}/users/${user}/login-code`)) as { code: string };
  return answer.code;
}

export interface FakeWx extends WxLike {
  readonly storage: Map<string, unknown>;
  readonly counts: { login: number; request: number };
  /** Whose phone this is: the user wx.login mints codes for. */
  user: string;
  /** Runs with each minted code before wx.login hands it over (to make WeChat refuse that very code). */
  onCode?: (code: string) => Promise<void>;
}

/**
 * The mini program's `wx` with real parts behind it: `login` mints a code through the sandbox control API and
 * `request` performs the HTTP request with fetch, answering as wx.request does (statusCode, data parsed as JSON when
 * it parses; fail with errMsg when no answer came).
 */
export function fakeWx(user: string, storage = new Map<string, unknown>()): FakeWx {
  const counts = { login: 0, request: 0 };
  return {
    storage,
    counts,
    user,
    login(options) {
      counts.login++;
      const mint = async () => {
        const code = await mintLoginCode(this.user);
        await this.onCode?.(code);
        return code;
      };
      mint().then(
        (code) => options.success({ code }),
        (error: Error) => options.fail({ errMsg: `login:fail ${error.message}` }),
      );
    },
    request(options) {
      counts.request++;
      fetch(options.url, { method: options.method, headers: options.header, body: options.data })
        .then(async (response) => {
          const text = await response.text();
          let data: unknown = text;
          if (options.dataType === "json") {
            try {
              data = JSON.parse(text);
            } catch {
              // wx.request hands over the text when it does not parse
            }
          }

          options.success({ statusCode: response.status, data });
        })
        .catch((error: Error) => options.fail({ errMsg: `request:fail ${error.message}` }));
    },
    // As wx does: a missing key reads as "".
    getStorageSync: (key) => storage.get(key) ?? "",
    setStorageSync: (key, data) => void storage.set(key, data),
    removeStorageSync: (key) => void storage.delete(key),
  };
}
