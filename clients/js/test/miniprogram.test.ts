import { describe, expect, it } from "vitest";
import { ElementsError, miniProgramLogin, wxTransport, type Transport } from "../src/index.js";
import { fakeWx, newWeChatUser, sampleApp } from "./support/host.js";

const storageKey = "elements.token";

async function launch(wx: ReturnType<typeof fakeWx>, options: Parameters<typeof miniProgramLogin>[2] = {}) {
  const app = sampleApp({ transport: wxTransport(wx) });
  const session = await miniProgramLogin(app, wx, { storageKey, ...options });
  return { app, session };
}

describe("WeChat mini-program login over wx.request", () => {
  it("registers a new WeChat user (bindCode → register → getLoginCode) and keeps the token in wx storage", async () => {
    const wx = fakeWx(await newWeChatUser());
    const { app, session } = await launch(wx);

    expect(session).toMatchObject({ registered: true, reused: false, token: expect.any(String), userId: expect.any(Number) });
    expect(wx.storage.get(storageKey)).toBe(session.token);
    // One code for the getLoginCode that answered a bindCode, a fresh one after register: codes are single use.
    expect(wx.counts.login).toBe(2);

    const me = await app.getElement("auths.services.AuthSvc").getCurrentUser({ token: session.token });
    expect(me).toMatchObject({ userId: session.userId });
    const created = await app.getElement("models.Todo").create({ rowData: { title: "from the mini program" } });
    expect(created).toMatchObject({ title: "from the mini program", userId: session.userId });
  });

  it("reuses the stored token at the next launch, and a known user logs in again without registering", async () => {
    const wx = fakeWx(await newWeChatUser());
    const first = await launch(wx);
    const logins = wx.counts.login;

    // The next launch of the same mini program: the token is in wx storage, no wx.login and no call.
    const requests = wx.counts.request;
    const second = await launch(wx);
    expect(second.session).toMatchObject({ reused: true, token: first.session.token });
    expect(wx.counts.login).toBe(logins);
    expect(wx.counts.request).toBe(requests);
    const rows = (await second.app.getElement("models.Todo").query({})) as { totalCount: number };
    expect(rows.totalCount).toBe(0);

    // Another phone of the same WeChat user (empty storage): getLoginCode answers a loginCode straight away.
    const other = fakeWx(wx.user);
    const third = await launch(other);
    expect(third.session).toMatchObject({ reused: false, registered: false, userId: first.session.userId });
    expect(other.counts.login).toBe(1);
    expect(third.session.token).not.toBe(first.session.token);
  });

  it("logs in again once and retries the call once after a 401 (the session was revoked)", async () => {
    const wx = fakeWx(await newWeChatUser());
    const { app, session } = await launch(wx);
    const todos = app.getElement("models.Todo");
    await todos.create({ rowData: { title: "before logout" } });

    // Revoked elsewhere (another device's logout, an administrator): the stored token is now dead.
    const elsewhere = sampleApp();
    await elsewhere.getElement("auths.services.AuthSvc").logout({ token: session.token });
    const logins = wx.counts.login;

    // Two calls meet the dead session together: one re-login serves both.
    const [rows, created] = await Promise.all([todos.query({}), todos.create({ rowData: { title: "after logout" } })]);
    expect(wx.counts.login).toBe(logins + 1);
    expect((rows as { totalCount: number }).totalCount).toBeGreaterThanOrEqual(1);
    expect(created).toMatchObject({ title: "after logout", userId: session.userId });
    const renewed = wx.storage.get(storageKey);
    expect(renewed).toEqual(expect.any(String));
    expect(renewed).not.toBe(session.token);

    // The old token stays dead: the host refuses it, the SDK did not resurrect it.
    const stale = sampleApp();
    stale.tokenStore.set(session.token);
    await expect(stale.getElement("models.Todo").query({})).rejects.toMatchObject({ code: "EL_INVALID_SESSION", status: 401 });
  });

  it("a 401 that arrives after another call logged in again is retried with the new token, without a second login", async () => {
    const wx = fakeWx(await newWeChatUser());
    // wx.request as it is, except that the first 401 of models.Todo.get reaches the SDK only when the test says so.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const real = wxTransport(wx);
    const transport: Transport = async (request) => {
      const response = await real(request);
      if (!held && response.status === 401 && request.url.endsWith("/models/Todo/get")) {
        held = true;
        await gate;
      }

      return response;
    };
    const app = sampleApp({ transport });
    const session = await miniProgramLogin(app, wx, { storageKey });
    await sampleApp().getElement("auths.services.AuthSvc").logout({ token: session.token });
    const logins = wx.counts.login;

    const late = app.getElement("models.Todo").get({ filter: "" });
    await expect.poll(() => held).toBe(true);
    await app.getElement("models.Todo").query({});
    expect(wx.counts.login).toBe(logins + 1);

    release();
    await expect(late).resolves.not.toBeUndefined();
    expect(wx.counts.login).toBe(logins + 1);
  });

  it("refuses to register when told not to: AUTH_NOT_REGISTERED, nothing stored", async () => {
    const wx = fakeWx(await newWeChatUser());
    const error = await launch(wx, { register: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementsError);
    expect(error).toMatchObject({ code: "AUTH_NOT_REGISTERED" });
    expect(wx.storage.has(storageKey)).toBe(false);
  });

  it("only a 401 logs in again: a 403 is thrown as it is", async () => {
    const wx = fakeWx(await newWeChatUser());
    const { app } = await launch(wx);
    const logins = wx.counts.login;
    // roles.services.RoleSvc.addMember is for roles.Admin only: a fresh session gets 403, not retried.
    const error = await app.getElement("roles.services.RoleSvc").addMember({ userId: 1, roleName: "roles.Admin" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "EL_FORBIDDEN", status: 403 });
    expect(wx.counts.login).toBe(logins);
  });
});
