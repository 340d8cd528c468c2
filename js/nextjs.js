// The Next.js entry (stytch-b2b-headless-wasm/nextjs, and /nextjs/headless, the same module),
// shaped like @stytch/nextjs/b2b: the React bindings, with what server rendering needs. As in
// Stytch's, createStytchB2BClient on the server returns a stand-in instead of throwing, so a
// module that creates the client at its top level renders there too, and the provider's
// assumeHydrated defaults to false, so the server's render and the browser's first agree.
import { createElement } from 'react';
import { createStytchB2BClient as createInBrowser } from './index.js';
import { StytchB2BProvider as Provider } from './react.js';

export {
  StytchB2BClient,
  StytchB2BHeadlessClient,
  StytchError,
  StytchAPIError,
  StytchAPIUnreachableError,
  StytchSDKUsageError,
} from './index.js';
export { useStytchB2BClient, useStytchMember, useStytchMemberSession, useStytchOrganization } from './react.js';

export const StytchB2BProvider = (props) => createElement(Provider, { ...props, assumeHydrated: props.assumeHydrated ?? false });

export const createStytchB2BClient = (publicToken, options) =>
  typeof window === 'undefined' ? serverStandIn('stytch') : createInBrowser(publicToken, options);
export const createStytchB2BHeadlessClient = createStytchB2BClient;

/**
 * The client on the server: its reads answer "nothing cached" (`getSync()` null, `getInfo()`
 * not from cache), subscribing does nothing, and a call rejects, since there is no browser
 * state to act on. `path` is the method's name (`stytch.session.getSync`).
 */
function serverStandIn(path) {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const answer = () => {
    if (name === 'getSync' || name === 'getTokens') return null;
    if (name === 'getInfo') return { [path.split('.')[1]]: null, fromCache: false };
    if (name === 'onChange' || name === 'onStateChange') return () => {};
    if (name === 'authenticatedWithin') return false;
    return Promise.reject(
      new Error(
        `${path}() was called on the server, where the Stytch client has no browser state; call it in the browser (an event handler or useEffect).`,
      ),
    );
  };
  // `then` stays undefined, so that awaiting the stand-in does not call it.
  return new Proxy(answer, { get: (_, key) => (key === 'then' || typeof key === 'symbol' ? undefined : serverStandIn(`${path}.${key}`)) });
}
