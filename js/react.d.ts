// Types for stytch-b2b-headless-wasm/react.
import type { ReactNode, JSX } from 'react';
import type { Member, MemberSession, Organization, StytchB2BHeadlessClient } from './index';

export interface StytchB2BProviderProps {
  stytch: StytchB2BHeadlessClient;
  children?: ReactNode;
  /** Treat the first render as hydrated (no SSR): hooks are initialized at once. */
  assumeHydrated?: boolean;
}

export declare function StytchB2BProvider(props: StytchB2BProviderProps): JSX.Element;
export declare function useStytchB2BClient(): StytchB2BHeadlessClient;

type Cached<K extends string, T> =
  | ({ [P in K]: T | null } & { isInitialized: true; fromCache: boolean })
  | ({ [P in K]: null } & { isInitialized: false; fromCache: false });

export declare function useStytchMember(): Cached<'member', Member>;
export declare function useStytchMemberSession(): Cached<'session', MemberSession>;
export declare function useStytchOrganization(): Cached<'organization', Organization>;
