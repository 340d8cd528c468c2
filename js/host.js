// The browser operations the wasm core calls, each one call across the boundary where
// web-sys would take several (window, then document, then cookie). Imported only by the
// Rust code (src/wasm/js.rs).

/**
 * Writes `set` to `document.cookie` when given, else reads it (each read of `document.cookie`
 * can be a round trip to the browser's cookie store). Throws where cookies are barred.
 */
export const cookie = (set) => (set == null ? document.cookie : void (document.cookie = set));

/** `localStorage` or `sessionStorage`; throws where storage is barred (sandboxed frames). */
export const webStorage = (name) => globalThis[name];

const OPS = ['getItem', 'setItem', 'removeItem'];

/** `place.getItem(key)`, `.setItem(key, value)` or `.removeItem(key)`: Web Storage or an app's adapter. */
export const keyValue = (place, op, key, value) => place[OPS[op]](key, value);

/** `location.hostname` or `location.host`. */
export const locationPart = (name) => location[name];

/** An HTTP date, for cookies' Expires. */
export const httpDate = (ms) => new Date(ms).toUTCString();
