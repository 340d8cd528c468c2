// Types for stytch-b2b-headless-wasm/react (and /react/headless, the same module): the names
// and shapes of @stytch/react/b2b for the provider, the hooks, the HOCs and the client constructors.
import type { ComponentType, ReactNode, JSX } from 'react';
import type { Member, MemberSession, Organization, PermissionsMap, StytchB2BClient } from './index.js';

// As @stytch/react/b2b, everything the headless entry exports: constructors, error classes,
// enums, helpers and types.
export * from './index.js';

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

export type SWRIsAuthorized<TAssumeHydrated extends boolean = boolean> = TAssumeHydrated extends true
  ? { isAuthorized: boolean; fromCache: boolean; isInitialized: boolean }
  : { isAuthorized: boolean; fromCache: boolean; isInitialized: boolean } | { isAuthorized: false; fromCache: false; isInitialized: false };
/** Whether the member may do `action` on `resourceId`: the kept policy's answer first, then the loaded one's. */
export declare function useStytchIsAuthorized<TAssumeHydrated extends boolean = false>(
  resourceId: string,
  action: string,
): SWRIsAuthorized<TAssumeHydrated>;

export declare function withStytchB2BClient<T extends object, _TProjectConfiguration = unknown>(
  Component: ComponentType<T & { stytch: StytchB2BClient }>,
): ComponentType<T>;
export declare function withStytchMember<T extends object, _TAssumeHydrated extends boolean = false>(
  Component: ComponentType<T & { stytchMember: Member | null; stytchMemberIsInitialized: boolean; stytchMemberIsFromCache: boolean }>,
): ComponentType<T>;
export declare function withStytchMemberSession<T extends object, _TAssumeHydrated extends boolean = false>(
  Component: ComponentType<
    T & { stytchMemberSession: MemberSession | null; stytchMemberSessionIsInitialized: boolean; stytchMemberSessionIsFromCache: boolean }
  >,
): ComponentType<T>;
export declare function withStytchOrganization<T extends object, _TAssumeHydrated extends boolean = false>(
  Component: ComponentType<
    T & { stytchOrganization: Organization | null; stytchOrganizationIsInitialized: boolean; stytchOrganizationIsFromCache: boolean }
  >,
): ComponentType<T>;
/** Passes `stytchPermissions` (resource → action → allowed); renders nothing until they are loaded. */
export declare function withStytchPermissions<Permissions extends Record<string, string>, T extends object>(
  Component: ComponentType<T & { stytchPermissions: PermissionsMap<Permissions> }>,
): ComponentType<T>;
