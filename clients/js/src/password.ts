import type { ElementsApp, Session } from "./app.js";
import { ElementsError } from "./errors.js";

export interface PasswordLoginOptions {
  /** The app's password login type instance. */
  loginElement?: string;
}

/** `getLoginCode({username, password})` on the password login, then `AuthSvc.login`: the app keeps the token. */
export async function passwordLogin<Ops>(
  app: ElementsApp<Ops>,
  credentials: { username: string; password: string },
  options: PasswordLoginOptions = {},
): Promise<Session> {
  const loginElement = options.loginElement ?? "auths.loginTypes.Passwords";
  const answer = (await app.call(loginElement, "getLoginCode", credentials, { anonymous: true })) as { loginCode?: unknown } | null;
  if (typeof answer?.loginCode !== "string") {
    throw new ElementsError({ code: "UNEXPECTED_ANSWER", status: 200, detail: `${loginElement}.getLoginCode answered without a loginCode` });
  }

  return app.login(answer.loginCode);
}
