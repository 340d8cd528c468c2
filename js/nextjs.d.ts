// Types for stytch-b2b-headless-wasm/nextjs (and /nextjs/headless, the same module): the names
// of @stytch/nextjs/b2b: everything of the React entry, the provider's default aside.
import type { JSX } from 'react';
import type { StytchB2BProviderProps } from './react.js';

export * from './react.js';

/** As @stytch/nextjs's: `assumeHydrated` defaults to `false` (hooks report `isInitialized: false` until mounted). */
export declare function StytchB2BProvider<_TProjectConfiguration = unknown>(props: StytchB2BProviderProps): JSX.Element;
