/** Where the session token lives between calls. Synchronous, as both localStorage and wx.setStorageSync are. */
export interface TokenStore {
  get(): string | undefined;
  set(token: string | undefined): void;
}

/** The default: the token lives as long as the app object. */
export function memoryTokenStore(initial?: string): TokenStore {
  let token = initial;
  return {
    get: () => token,
    set: (value) => {
      token = value;
    },
  };
}

/** A store over any `localStorage`-like object (browsers: `webStorageTokenStore(localStorage, "elements.token")`). */
export function webStorageTokenStore(
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void },
  key: string,
): TokenStore {
  return {
    get: () => storage.getItem(key) ?? undefined,
    set: (value) => (value === undefined ? storage.removeItem(key) : storage.setItem(key, value)),
  };
}
