// Types for stytch-b2b-headless-wasm/react (and /react/headless, the same module): the names
// and shapes of @stytch/react/b2b for the provider, the hooks and the client constructors.
import type { ReactNode, JSX } from 'react';
import type { Member, MemberSession, Organization, StytchB2BClient } from './index.js';

export type { Member, MemberSession, Organization, StytchClientOptions } from './index.js';
export {
  StytchB2BClient,
  StytchB2BHeadlessClient,
  createStytchB2BClient,
  createStytchB2BHeadlessClient,
  StytchError,
  StytchAPIError,
  StytchAPIUnreachableError,
  StytchSDKUsageError,
} from './index.js';

export interface StytchB2BProviderProps<_TProjectConfiguration = unknown> {
  stytch: StytchB2BClient;
  children?: ReactNode;
  /**
   * Whether the first render may read the client's cached state (default `true`, as in
   * `@stytch/react`). Pass `false` when server rendering: hooks then report
   * `isInitialized: false` until mounted.
   */
  assumeHydrated?: boolean;
}

export declare function StytchB2BProvider<_TProjectConfiguration = unknown>(props: StytchB2BProviderProps): JSX.Element;
export declare function useStytchB2BClient<_TProjectConfiguration = unknown>(): StytchB2BClient;

/** A hook's answer: initialized (the value, or null), or, before hydration, not yet. */
type Initialized<K extends string, T> = { [P in K]: T | null } & { isInitialized: true; fromCache: boolean };
type Uninitialized<K extends string> = { [P in K]: null } & { isInitialized: false; fromCache: false };
type SWR<K extends string, T, TAssumeHydrated extends boolean> = TAssumeHydrated extends true
  ? Initialized<K, T>
  : Initialized<K, T> | Uninitialized<K>;

export type SWRMember<TAssumeHydrated extends boolean = boolean> = SWR<'member', Member, TAssumeHydrated>;
export type SWRMemberSession<TAssumeHydrated extends boolean = boolean> = SWR<'session', MemberSession, TAssumeHydrated>;
export type SWROrganization<TAssumeHydrated extends boolean = boolean> = SWR<'organization', Organization, TAssumeHydrated>;

export declare function useStytchMember<TAssumeHydrated extends boolean = true>(): SWRMember<TAssumeHydrated>;
export declare function useStytchMemberSession<TAssumeHydrated extends boolean = true>(): SWRMemberSession<TAssumeHydrated>;
export declare function useStytchOrganization<TAssumeHydrated extends boolean = true>(): SWROrganization<TAssumeHydrated>;
