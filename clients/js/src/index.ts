export { createApp, AUTH_SERVICE } from "./app.js";
export type { AppOptions, CallOptions, ElementsApp, Reauthenticate, Session } from "./app.js";
export { ElementsError } from "./errors.js";
export { fetchTransport } from "./transport.js";
export type { Transport, TransportRequest, TransportResponse } from "./transport.js";
export { memoryTokenStore, webStorageTokenStore } from "./tokens.js";
export type { TokenStore } from "./tokens.js";
export { passwordLogin } from "./password.js";
export type { PasswordLoginOptions } from "./password.js";
export { miniProgramLogin, wxStorageTokenStore, wxTransport } from "./wx.js";
export type { MiniProgramLoginOptions, MiniProgramSession, WxLike } from "./wx.js";
export type { ArgsOf, ElementFunction, ElementName, ElementProxy, ResultOf, TypedElement, UntypedElement, UntypedOperations } from "./types.js";
/** The sample app's (demo.SampleApp) operations, generated from clients/openapi/sample-app.v1.json: `createApp<SampleAppOperations>(...)`. */
export type { operations as SampleAppOperations } from "./generated/sample-app.js";
