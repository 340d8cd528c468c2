// React bindings shaped like @stytch/react/b2b (this module is also /react/headless, as
// @stytch/react/b2b/headless offers the same): a provider and hooks that re-render when the
// member, session or organization changes (including from another tab).
import { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore } from 'react';

// As @stytch/react/b2b does, the React entry also offers the client's constructors and errors.
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

const StytchContext = createContext(null);

export function StytchB2BProvider({ stytch, children, assumeHydrated = true }) {
  // As in @stytch/react, hooks are initialized on the first render by default. With
  // assumeHydrated: false (server rendering), they report isInitialized: false until mounted,
  // so server and first client render agree.
  const [hydrated, setHydrated] = useState(assumeHydrated);
  useEffect(() => setHydrated(true), []);
  return createElement(StytchContext.Provider, { value: { stytch, hydrated } }, children);
}

function useStytchContext(hook) {
  const ctx = useContext(StytchContext);
  if (!ctx) throw new Error(`${hook} must be used inside <StytchB2BProvider stytch={client}>.`);
  return ctx;
}

export function useStytchB2BClient() {
  return useStytchContext('useStytchB2BClient').stytch;
}

const noServerValue = () => null;

function useCached(hook, namespace, key) {
  const { stytch, hydrated } = useStytchContext(hook);
  const value = useSyncExternalStore(
    (onChange) => (stytch ? stytch[namespace].onChange(onChange) : () => {}),
    () => (stytch ? stytch[namespace].getSync() : null),
    noServerValue,
  );
  if (!hydrated || !stytch) return { [key]: null, isInitialized: false, fromCache: false };
  return { [key]: value, isInitialized: true, fromCache: stytch.session.getInfo().fromCache };
}

export const useStytchMember = () => useCached('useStytchMember', 'member', 'member');
export const useStytchMemberSession = () => useCached('useStytchMemberSession', 'session', 'session');
export const useStytchOrganization = () => useCached('useStytchOrganization', 'organization', 'organization');
