import { ElementsError } from "./errors.js";

/** One element call on the wire: always a POST of a JSON body. */
export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** The answer as received: `body` is parsed JSON when it parses, else the raw text. */
export interface TransportResponse {
  status: number;
  body: unknown;
}

/**
 * Sends a call and returns whatever status came back; only a request that got no answer rejects (with an
 * ElementsError of code `NETWORK`). Mapping error statuses to ElementsError is the app's job, the same for every
 * transport.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** A transport over the Fetch API (browsers, Node 18+, Deno, Bun). */
export function fetchTransport(fetchImpl: typeof fetch = globalThis.fetch): Transport {
  if (typeof fetchImpl !== "function") {
    throw new TypeError("fetchTransport needs a fetch function: pass one where globalThis.fetch is missing");
  }

  return async (request) => {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(request.url, {
        method: "POST",
        headers: request.headers,
        body: JSON.stringify(request.body ?? {}),
      });
      text = await response.text();
    } catch (error) {
      throw ElementsError.network(error instanceof Error ? error.message : String(error), error);
    }

    return { status: response.status, body: parseBody(text) };
  };
}

/** JSON when it is JSON (element results, problem details), the text otherwise (a proxy's error page). */
export function parseBody(text: string): unknown {
  if (text.length === 0) {
    return undefined;
  }

  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
