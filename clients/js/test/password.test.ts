import { describe, expect, it } from "vitest";
import { ElementsError, fetchTransport, passwordLogin } from "../src/index.js";
import { sampleApp, unique } from "./support/host.js";

describe("password flow over fetch", () => {
  it("registers, logs in, reads the current user and keeps a todo list", async () => {
    const app = sampleApp({ transport: fetchTransport(globalThis.fetch) });
    const username = unique("ada");
    const password = "correct horse battery";

    const passwords = app.getElement("auths.loginTypes.Passwords");
    const user = await passwords.register({ username, password });
    expect(user).toMatchObject({ userId: expect.any(Number) });

    const { loginCode } = (await passwords.getLoginCode({ username, password })) as { loginCode: string };
    expect(loginCode).toEqual(expect.any(String));
    const session = await app.login(loginCode);
    expect(session.token).toEqual(expect.any(String));
    expect(session.userId).toBe(user.userId);
    expect(app.tokenStore.get()).toBe(session.token);

    const current = await app.getElement("auths.services.AuthSvc").getCurrentUser({ token: session.token });
    expect(current).toMatchObject({ userId: user.userId });

    // models.Todo is open to sessions (roles.TodoUsers); rows are stamped with the caller as owner.
    const todos = app.getElement("models.Todo");
    const first = unique("a-");
    await todos.create({ rowData: { title: first } });
    await todos.create({ rowData: { title: unique("b-"), done: true } });
    const found = (await todos.query({ filter: `Q(title__startswith='a-')` })) as { rowDatas: Array<Record<string, unknown>>; totalCount: number };
    expect(found.totalCount).toBe(1);
    expect(found.rowDatas).toEqual([expect.objectContaining({ title: first, done: false, userId: user.userId })]);
    const all = (await todos.query({})) as { totalCount: number };
    expect(all.totalCount).toBe(2);

    await app.logout();
    expect(app.tokenStore.get()).toBeUndefined();
    await expect(todos.query({})).rejects.toMatchObject({ code: "EL_UNAUTHENTICATED", status: 401 });
  });

  it("passwordLogin keeps the token and getElement is awaitable as in JitAi's front end", async () => {
    const app = sampleApp();
    const username = unique("bo");
    await app.getElement("auths.loginTypes.Passwords").register({ username, password: "another long password" });
    const session = await passwordLogin(app, { username, password: "another long password" });

    const todos = await app.getElement("models.Todo");
    const created = (await todos.create({ rowData: { title: "awaited" } })) as Record<string, unknown>;
    expect(created).toMatchObject({ title: "awaited", userId: session.userId });
  });

  it("answers a wrong password with the host's code and status", async () => {
    const app = sampleApp();
    const username = unique("cy");
    await app.getElement("auths.loginTypes.Passwords").register({ username, password: "the right password" });

    const error = await passwordLogin(app, { username, password: "the wrong password" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ElementsError);
    expect(error).toMatchObject({ code: "AUTH_INVALID_CREDENTIALS", name: "ElementsError" });
    expect((error as ElementsError).status).toBeGreaterThanOrEqual(400);
    expect((error as ElementsError).status).toBeLessThan(500);
    expect(app.tokenStore.get()).toBeUndefined();
  });
});
