/// <reference types="miniprogram-api-typings" />
import { describe, expectTypeOf, it } from "vitest";
import type { WxLike } from "../src/index.js";
import { createApp } from "../src/index.js";
import { sampleApp } from "./support/host.js";

// Compile-time checks (npm test typechecks before it runs vitest): the generated operations type every function.
describe("types from the generated document", () => {
  it("types each function's arguments and rejects what the document does not declare", () => {
    const app = sampleApp();
    const todos = app.getElement("models.Todo");
    expectTypeOf(todos.query).parameter(0).toEqualTypeOf<
      { filter?: string; fieldList?: unknown[]; orderList?: unknown[]; page?: number; size?: number; level?: number } | undefined
    >();
    expectTypeOf(app.getElement("auths.services.AuthSvc").login).parameter(0).toMatchTypeOf<{ loginCode?: string } | undefined>();

    if (Math.random() > 2) {
      // @ts-expect-error models.Todo has no such function
      void todos.noSuchFunction();
      // @ts-expect-error filter is a Q expression string
      void todos.query({ filter: 1 });
      // @ts-expect-error an argument the function does not declare
      void todos.query({ notAnArgument: true });
      // A nested element's function belongs to the nested element, not to its parent.
      // @ts-expect-error
      void app.getElement("auths.loginTypes.MyWechatLogin")["services.WechatPublicAuthSvc.getAccessToken"];
    }
  });

  it("leaves an app without generated types untyped", () => {
    const app = createApp({ baseUrl: "http://127.0.0.1:1", appId: "demo.Other" });
    expectTypeOf(app.getElement("services.Anything").anyFunction).toBeFunction();
  });

  it("accepts the real mini-program wx object", () => {
    // miniprogram-api-typings' Wx must fit WxLike, or a mini program could not pass its global wx.
    expectTypeOf<WechatMiniprogram.Wx>().toMatchTypeOf<WxLike>();
  });
});
