/**
 * Types that turn openapi-typescript's `operations` interface (keyed by operationId = `fullName.function`) into
 * typed elements: `getElement("models.Todo").query(args)` takes the operation's JSON body and resolves to its 200
 * answer. Any `operations` interface generated from an Elements host's document fits.
 */

/** The `operations` interface of no particular app: every name and function is allowed and untyped. */
export type UntypedOperations = Record<string, unknown>;

/** A function's named arguments: the operation's JSON request body. */
export type ArgsOf<Op> = Op extends { requestBody?: infer Body }
  ? NonNullable<Body> extends { content: { "application/json": infer Json } }
    ? Json
    : Record<string, never>
  : Record<string, unknown>;

/** A function's result: the operation's 200 JSON answer. */
export type ResultOf<Op> = Op extends { responses: { 200: { content: { "application/json": infer Json } } } } ? Json : unknown;

/** `a.b.c.fn` → `a.b.c` (everything before the last dot). */
type ElementOf<Id extends string, Head extends string = ""> = Id extends `${infer First}.${infer Rest}`
  ? ElementOf<Rest, Head extends "" ? First : `${Head}.${First}`>
  : Head;

/** Every element full name the document describes. */
export type ElementName<Ops> = { [Id in keyof Ops & string]: ElementOf<Id> }[keyof Ops & string];

/** A function whose arguments are all optional may be called without any. */
export type ElementFunction<Op> = {} extends ArgsOf<Op>
  ? (args?: ArgsOf<Op>) => Promise<ResultOf<Op>>
  : (args: ArgsOf<Op>) => Promise<ResultOf<Op>>;

/** The functions of element N: operations `N.fn` (not `N.child.fn`, which belong to a nested element). */
export type TypedElement<Ops, N extends string> = {
  [Id in keyof Ops & string as Id extends `${N}.${infer Fn}` ? (Fn extends `${string}.${string}` ? never : Fn) : never]: ElementFunction<Ops[Id]>;
};

/** An element of an app without generated types (or one the document does not describe): any function, any result. */
export type UntypedElement = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [fn: string]: (args?: Record<string, unknown>) => Promise<any>;
};

/** Typed when the document names the element, untyped otherwise (another app, or an element added since). */
export type ElementProxy<Ops, N extends string> = string extends keyof Ops
  ? UntypedElement
  : N extends ElementName<Ops>
    ? TypedElement<Ops, N>
    : UntypedElement;
