// What createStytchB2BClient returns on a server (SSR, Node), as Stytch's does: a stand-in, so
// that a module creating the client at its top level also runs there. Any method reached
// through it exists; calling an API method throws (there is no browser state to act on),
// while the reads answer "nothing": `getSync()` null, `getInfo()` not from cache, `onChange`
// subscribes to nothing, `rbac.isAuthorizedSync` false.

/** Set on the stand-in (and each part of it), so that the React bindings can tell it. */
export const SERVER_STAND_IN = Symbol.for('stytch-b2b-headless-wasm.serverStandIn');

const READS = {
  getSync: () => null,
  getTokens: () => null,
  getInfo: (path) => ({ [path.split('.')[1] === 'self' ? 'member' : path.split('.')[1]]: null, fromCache: false }),
  onChange: () => () => {},
  onStateChange: () => () => {},
  authenticatedWithin: () => false,
  isAuthorizedSync: () => false,
};

/** The stand-in for `path` (`stytch`, `stytch.session.getSync`, ...). */
export function serverStandIn(path) {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const answer = () => {
    if (Object.hasOwn(READS, name)) return READS[name](path);
    throw new Error(
      `${path}() was called on the server, where the Stytch client has no browser state; call it in the browser (an event handler or useEffect).`,
    );
  };
  // `then` stays undefined, so that awaiting the stand-in does not call it.
  return new Proxy(answer, {
    get: (_, key) => key === SERVER_STAND_IN || (key === 'then' || typeof key === 'symbol' ? undefined : serverStandIn(`${path}.${key}`)),
  });
}
