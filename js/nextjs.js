// The Next.js entry (stytch-b2b-headless-wasm/nextjs, and /nextjs/headless, the same module),
// shaped like @stytch/nextjs/b2b: the React bindings, with what server rendering needs. As in
// Stytch's, createStytchB2BClient on the server returns a stand-in (js/server.js) instead of
// throwing, so a module that creates the client at its top level renders there too, and the
// provider's assumeHydrated defaults to false, so the server's render and the browser's first agree.
import { createElement } from 'react';
import { StytchB2BProvider as Provider } from './react.js';

export * from './react.js';

export const StytchB2BProvider = (props) => createElement(Provider, { ...props, assumeHydrated: props.assumeHydrated ?? false });
