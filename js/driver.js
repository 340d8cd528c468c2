// Runs the wasm core in the browser: the error classes, the one request to the API, the
// wiring of a core's calls, background refresh and other tabs' changes, and the step-up check
// over the cached session. The core decides everything that changes state (what to send, what
// an answer means, what to store); this file only carries values between it and the browser,
// where JS is far smaller than wasm calling out to it.
//
// No imports, on purpose: the typed Rust API (for `send`) and the browser tests (for all of
// it) load this file as a wasm-bindgen snippet, and snippets cannot import.

export class StytchError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

/** The message Stytch's API error classes carry, from the error body's fields. */
export const apiErrorMessage = ({ status_code, error_type, error_message, error_url, request_id, error_details }) =>
  `[${status_code}] ${error_type}\n${error_message}\nSee ${error_url} for more information.\n` +
  (request_id ? `request_id: ${request_id}\n` : '') +
  (error_details ? `Details: \n${JSON.stringify(error_details)}\n` : '');

/** Copies the error body's fields onto `error`, as Stytch's API error classes have them. */
export const withApiFields = (error, { status_code, error_type, error_message, error_url, request_id, error_details }) =>
  Object.assign(error, { error_type, error_message, error_url, request_id, status_code, error_details });

/** A well-formed error from the Stytch API. */
export class StytchAPIError extends StytchError {
  constructor(details) {
    super('StytchAPIError', apiErrorMessage(details));
    withApiFields(this, details);
  }

  /**
   * `err` as a StytchAPIError, as Stytch's `from`: itself when it is one, the fields of an
   * error body when it has them, else an `unknown_error` with its message.
   */
  static from(err) {
    const e = Object(err);
    return err instanceof StytchAPIError
      ? err
      : new StytchAPIError(
          typeof e.status_code === 'number' && [e.error_type, e.error_message, e.error_url].every((v) => typeof v === 'string')
            ? {
                ...e,
                request_id: typeof e.request_id === 'string' ? e.request_id : undefined,
                error_details: typeof e.error_details === 'object' ? e.error_details : undefined,
              }
            : {
                status_code: 400,
                error_type: 'unknown_error',
                error_message: err instanceof Error ? err.message : 'Unknown error: ' + String(err),
                error_url: '',
              },
        );
  }
}

/** The API could not be reached, timed out, or answered with something that is not its JSON. */
export class StytchAPIUnreachableError extends StytchError {
  constructor(details) {
    super('StytchAPIUnreachableError', details);
  }
}

/**
 * The caller passed bad arguments; raised before any request is sent. As Stytch's, an `Error`
 * but not a `StytchError`.
 */
export class StytchSDKUsageError extends Error {
  constructor(methodName, message) {
    // Set after super(), as Stytch's: an own, enumerable message.
    super();
    this.name = 'StytchSDKUsageError';
    this.message = `Invalid call to ${methodName}\n${message}`;
  }
}

export const errors = { StytchError, StytchAPIError, StytchAPIUnreachableError, StytchSDKUsageError };

/**
 * The step-up check `session.authenticatedWithin({factor_types, within_minutes, require?})`:
 * whether the cached `session`'s `authentication_factors` have any (or, with `require: 'all'`,
 * every) of the factor types authenticated within the last `within_minutes`. A UI aid only.
 * In JS because it only reads the cached session: in the wasm it cost the download 1.3 KB
 * gzip. The typed Rust API's twin is src/portable/stepup.rs (tests/browser.rs checks that
 * the two agree); MFA method names are factor types there too (`sms_otp` is `otp`).
 */
export function authenticatedWithin(session, params) {
  const { factor_types: types, within_minutes: minutes, require } = Object(params);
  const wanted = typeof types == 'string' ? [types] : Array.isArray(types) && types.filter((t) => typeof t == 'string');
  const usage = (message) => {
    throw new StytchSDKUsageError('stytch.session.authenticatedWithin', message);
  };
  if (!wanted) usage('factor_types must be a factor type or an array of them.');
  if (!(typeof minutes == 'number' && minutes > 0 && minutes < Infinity)) usage('within_minutes must be a positive number.');
  if (typeof require == 'string' && require != 'any' && require != 'all') usage("require must be 'any' or 'all'.");
  const factors = Object(session).authentication_factors;
  const fresh = (type) =>
    Array.isArray(factors) &&
    factors.some(
      (f) =>
        Object(f).type === (type == 'sms_otp' || type == 'sms' ? 'otp' : type == 'recovery_code' ? 'recovery_codes' : type) &&
        typeof f.last_authenticated_at == 'string' &&
        Date.now() - Date.parse(f.last_authenticated_at) <= minutes * 60000,
    );
  return wanted.length > 0 && (require == 'all' ? wanted.every(fresh) : wanted.some(fresh));
}

/**
 * What Stytch's API answers (not as JSON) when Device Fingerprinting challenges a call and a
 * captcha would let it through (src/portable/constants.rs has the typed API's copy).
 */
export const CAPTCHA_REQUIRED = 'Captcha required';

// The core's numbers, as src/portable/ffi.rs names them (tests/js_facade.rs checks that these
// agree with it): the kinds of failure it throws, and the slot of a request's ticket.
const USAGE = 0;
const API = 1;
const TICKET = 5;

/**
 * The core throws `[kind, ...]` (see src/wasm/surface.rs); apps get the classes above. A usage
 * failure of a call names no method (`begin` is not told the name): `method` is its name.
 */
const toError = (f, method) =>
  !Array.isArray(f)
    ? f
    : f[0] === USAGE
      ? new StytchSDKUsageError(`stytch.${f[1] || method}`, f[2])
      : f[0] === API
        ? new StytchAPIError(f[1])
        : new StytchAPIUnreachableError(f[1]);

/** `f`, with the core's failures thrown as error classes. */
export const guard =
  (f) =>
  (...args) => {
    try {
      return f(...args);
    } catch (e) {
      throw toError(e);
    }
  };

/**
 * One request, as the core's `begin` describes it: `[url, method, authorization, body, timeoutMs]`,
 * `body` being the call's parameters with what the core added.
 * Resolves (never rejects) to `[status, body]`: the HTTP status and the parsed JSON body (its
 * text when it is not JSON), or status -1 when the request timed out and 0 when the network failed.
 */
export async function send([url, method, authorization, body, timeoutMs]) {
  // Each `{name}` of a path takes the body's `name` (an id the core checked) out of the body
  // (`{+name}`: a copy); a GET sends the rest as the query, and neither a GET, a DELETE nor
  // a POST or PUT left with nothing sends a body, as Stytch's client does.
  let took;
  url = url.replace(/{(\+?)(\w+)}/g, (_, kept, name) => {
    const value = body[name];
    if (!kept) (delete body[name], (took = 1));
    return value;
  });
  const query = method == 'GET' && new URLSearchParams(Object.entries(body).filter(([, v]) => v != null)) + '';
  if (query) url += '?' + query;
  if (method == 'GET' || method == 'DELETE' || (took && !Object.keys(body).length)) body = undefined;
  // The browser aborts the request, and reading its body, after the timeout. Browsers without
  // AbortSignal.timeout (before 2022) get no timeout.
  const signal = AbortSignal.timeout?.(Math.min(timeoutMs, 2147483647));
  try {
    const response = await fetch(url, {
      method,
      credentials: 'include',
      signal,
      headers: { Authorization: authorization, 'Content-Type': 'application/json', 'X-SDK-Parent-Host': location.origin },
      // Keys with no value are left out, not sent as null.
      body: body && JSON.stringify(body, (_, v) => v ?? undefined),
    });
    const text = await response.text();
    try {
      return [response.status, JSON.parse(text)];
    } catch {
      return [response.status, text];
    }
  } catch {
    return [signal?.aborted ? -1 : 0];
  }
}

/**
 * One call: the core checks it and adds the stored tokens, `send` sends it, the core stores the
 * outcome. `index` is the method's in the core's table (client.js's `METHODS`), `method` its name.
 */
async function run(core, index, method, params, background) {
  let answer;
  try {
    const request = core.begin(index, params, background);
    answer = await send(request);
    return core.finish(request[TICKET], ...answer);
  } catch (e) {
    // Stytch's API asks for a captcha in a body that is not JSON: said so, for the retry
    // js/bootstrap.js makes (the core kept everything, as for any such answer).
    throw String(answer?.[1]).includes(CAPTCHA_REQUIRED) ? new StytchAPIUnreachableError(CAPTCHA_REQUIRED) : toError(e, method);
  }
}

/**
 * The change subscribers of one client (`onChange`): `subscribe(part, callback)` adds one, told
 * `part` of the state (`session`, `member` or `organization`, null when there is none; `state`:
 * the whole state), and returns what unsubscribes it; `changed(state)` tells every one, and is
 * what the core calls after each change. Kept in JS, not the core: a list of callbacks in the
 * wasm cost the download more than these lines. A subscriber that throws does not keep the
 * others from being told.
 */
export function subscribers() {
  const all = new Set();
  return {
    subscribe(part, callback) {
      if (typeof callback !== 'function') throw new StytchSDKUsageError('stytch.onChange', 'callback must be a function.');
      const entry = [part, callback];
      all.add(entry);
      return () => all.delete(entry);
    },
    changed(state) {
      for (const [part, callback] of all) {
        try {
          callback(part == 'state' ? state : (state[part] ?? null));
        } catch {
          console.warn('stytch: a change subscriber threw an error.');
        }
      }
    },
  };
}

/**
 * A core made by `create(refresh)`, `refresh` being what its refresh timer calls, with other
 * tabs' changes passed on. Returns the core and `call(index, method, params)`, always a Promise. The
 * refresh hook and the `storage` listener hold the core weakly (the core holds the one, the
 * window the other), so a client the app drops is still collected.
 */
export function connect(create) {
  let weak;
  const core = guard(create)(() => {
    const c = weak.deref();
    if (c) run(c, 0, 'session.authenticate', undefined, true).catch(() => {});
  });
  weak = new WeakRef(core);
  addEventListener('storage', (e) => weak.deref()?.storageEvent(e));
  return { core, call: (index, method, params) => run(core, index, method, params, false) };
}
