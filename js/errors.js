// The error classes, shaped like Stytch's so apps can match them by `instanceof`, `name`
// and fields. The wasm creates them (this file is imported by the Rust code), and the
// package entry re-exports the same classes.

export class StytchError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

/** A well-formed error from the Stytch API. */
export class StytchAPIError extends StytchError {
  constructor(details) {
    const { status_code, error_type, error_message, error_url, request_id, error_details } = details;
    super(
      'StytchAPIError',
      `[${status_code}] ${error_type}\n${error_message}\nSee ${error_url} for more information.\n` +
        (request_id ? `request_id: ${request_id}\n` : '') +
        (error_details ? `Details: \n${JSON.stringify(error_details)}\n` : ''),
    );
    this.error_type = error_type;
    this.error_message = error_message;
    this.error_url = error_url;
    this.request_id = request_id;
    this.status_code = status_code;
    this.error_details = error_details;
  }
}

/** The API could not be reached, timed out, or answered with something that is not its JSON. */
export class StytchAPIUnreachableError extends StytchError {
  constructor(details) {
    super('StytchAPIUnreachableError', details);
  }
}

/** The caller passed bad arguments; raised before any request is sent. */
export class StytchSDKUsageError extends StytchError {
  constructor(methodName, message) {
    super('StytchSDKUsageError', `Invalid call to ${methodName}\n${message}`);
  }
}

export function errorClasses() {
  return { StytchError, StytchAPIError, StytchAPIUnreachableError, StytchSDKUsageError };
}
