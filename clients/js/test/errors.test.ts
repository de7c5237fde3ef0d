import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createApp, ElementsError, fetchTransport, miniProgramLogin, wxTransport } from "../src/index.js";
import { appId, baseUrl, fakeWx, mintLoginCode, newWeChatUser, sampleApp, sandbox } from "./support/host.js";

/** A port nothing listens on (taken and released again). */
function closedPort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 1));
    });
  });
}

/** WeChat refuses exactly this code (the fault matches its js_code, so concurrent tests are not disturbed). */
async function refuse(code: string) {
  await sandbox("faults", { path: "/sns/jscode2session", count: 1, match: { js_code: code }, errcode: 40029, errmsg: "invalid code" });
}

describe("errors", () => {
  it("keeps WeChat's errcode and errmsg when WeChat refuses the code", async () => {
    const app = sampleApp();
    const code = await mintLoginCode(await newWeChatUser());
    await refuse(code);

    const error = await app.getElement("auths.loginTypes.myWeChatMiniLogin").getLoginCode({ code }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementsError);
    expect(error).toMatchObject({ code: "WECHAT_40029", errcode: 40029, status: 422 });
    expect((error as ElementsError).errmsg).toContain("invalid code");
  });

  it("surfaces WeChat's refusal through miniProgramLogin and wx.request, and stores no token", async () => {
    const wx = fakeWx(await newWeChatUser());
    wx.onCode = refuse;
    const app = sampleApp({ transport: wxTransport(wx) });

    const error = await miniProgramLogin(app, wx).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ElementsError", code: "WECHAT_40029", errcode: 40029, status: 422 });
    expect(wx.storage.size).toBe(0);

    // The next wx.login code is good: the user logs in.
    wx.onCode = undefined;
    await expect(miniProgramLogin(app, wx)).resolves.toMatchObject({ registered: true });
  });

  it("answers a function nobody granted with 401 without a session and 403 with one", async () => {
    const app = sampleApp();
    await expect(app.getElement("models.Todo").query({})).rejects.toMatchObject({ code: "EL_UNAUTHENTICATED", status: 401 });

    const wx = fakeWx(await newWeChatUser());
    const signedIn = sampleApp({ transport: wxTransport(wx) });
    await miniProgramLogin(signedIn, wx);
    const error = await signedIn.getElement("auths.models.UserModel").query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementsError);
    expect(error).toMatchObject({ code: "EL_FORBIDDEN", status: 403, title: expect.any(String), detail: expect.any(String) });
  });

  it("gives an answer without problem details a code from its status", async () => {
    // The host answers a path outside /api with an empty 404: no problem details to read.
    const app = createApp({ baseUrl: `${baseUrl}/not-the-api`, appId });
    const error = await app.getElement("models.Todo").query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementsError);
    expect(error).toMatchObject({ code: "HTTP_404", status: 404 });
  });

  it("reports a host that does not answer as NETWORK, over fetch and over wx.request", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const overFetch = createApp({ baseUrl: down, appId, transport: fetchTransport() });
    await expect(overFetch.getElement("models.Todo").query({})).rejects.toMatchObject({ code: "NETWORK", status: 0 });

    const wx = fakeWx("nobody");
    const overWx = createApp({ baseUrl: down, appId, transport: wxTransport(wx) });
    const error = await overWx.getElement("models.Todo").query({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "NETWORK", status: 0 });
    expect((error as ElementsError).detail).toContain("request:fail");
  });

  it("calls elements of an app it has no types for", async () => {
    // Untyped: any element name, any function (the typed sample app would reject an undeclared one at compile time).
    const app = createApp({ baseUrl, appId });
    const config = await app.getElement("auths.loginTypes.myWeChatMiniLogin").getLoginConfig();
    expect(config).toEqual(expect.any(Object));
    await expect(app.getElement("models.Todo").noSuchFunction({})).rejects.toMatchObject({ status: 404 });
  });
});
