// React bindings shaped like @stytch/react/b2b (this module is also /react/headless, as
// @stytch/react/b2b/headless offers the same): a provider, hooks that re-render when the
// member, session or organization changes (including from another tab), the RBAC hook, the
// HOCs, and everything the headless entry exports.
import { createContext, createElement, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { SERVER_STAND_IN } from './server.js';

// As @stytch/react/b2b does, the React entry also offers the client's constructors, error
// classes, enums and helpers.
export * from './index.js';

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
/** A client to read from: not missing, not the server's stand-in (js/server.js). */
const usable = (stytch) => !!stytch && !stytch[SERVER_STAND_IN];

function useCached(hook, part, key) {
  const { stytch, hydrated } = useStytchContext(hook);
  // `self` is Stytch's current name for the member's namespace; `member` the earlier one.
  const namespace = (s) => (part === 'member' ? (s.self ?? s.member) : s[part]);
  const value = useSyncExternalStore(
    (onChange) => (usable(stytch) ? namespace(stytch).onChange(onChange) : () => {}),
    () => (usable(stytch) ? namespace(stytch).getSync() : null),
    noServerValue,
  );
  if (!hydrated || !usable(stytch)) return { [key]: null, isInitialized: false, fromCache: false };
  return { [key]: value, isInitialized: true, fromCache: stytch.session.getInfo().fromCache };
}

export const useStytchMember = () => useCached('useStytchMember', 'member', 'member');
export const useStytchMemberSession = () => useCached('useStytchMemberSession', 'session', 'session');
export const useStytchOrganization = () => useCached('useStytchOrganization', 'organization', 'organization');

/**
 * Whether the member may do `action` on `resourceId`, as Stytch's hook: first the answer of
 * the cached policy (`fromCache: true`), then the loaded one's, again whenever the session's
 * roles change. Not initialized before mounting or on the server.
 */
export function useStytchIsAuthorized(resourceId, action) {
  const { stytch } = useStytchContext('useStytchIsAuthorized');
  const { session } = useStytchMemberSession();
  const [answer, setAnswer] = useState({ isInitialized: false, fromCache: false, isAuthorized: false });
  useEffect(() => {
    if (usable(stytch)) setAnswer({ isInitialized: true, fromCache: true, isAuthorized: stytch.rbac.isAuthorizedSync(resourceId, action) });
  }, [stytch, resourceId, action]);
  useEffect(() => {
    if (!usable(stytch)) return;
    let current = true;
    stytch.rbac
      .isAuthorized(resourceId, action)
      .then((isAuthorized) => current && setAnswer({ isInitialized: true, fromCache: false, isAuthorized }));
    return () => {
      current = false;
    };
  }, [stytch, session?.roles, resourceId, action]);
  return answer;
}

/** A HOC named `${name}(Component)`, passing the props `extra()` gives (a hook, called in render). */
const hoc = (name, extra) => (Component) => {
  const With = (props) => createElement(Component, { ...props, ...extra() });
  With.displayName = `${name}(${Component.displayName || Component.name || 'Component'})`;
  return With;
};
/** The props a HOC passes for a hook's `{value, isInitialized, fromCache}`, named `${prefix}...`. */
const swrProps = (prefix, { isInitialized, fromCache, ...rest }) => ({
  [prefix]: Object.values(rest)[0],
  [`${prefix}IsInitialized`]: isInitialized,
  [`${prefix}IsFromCache`]: fromCache,
});

export const withStytchB2BClient = hoc('withStytch', () => ({ stytch: useStytchB2BClient() }));
export const withStytchMember = hoc('withStytchMember', () => swrProps('stytchMember', useStytchMember()));
export const withStytchMemberSession = hoc('withStytchMemberSession', () => swrProps('stytchMemberSession', useStytchMemberSession()));
export const withStytchOrganization = hoc('withStytchOrganization', () => swrProps('stytchOrganization', useStytchOrganization()));

/**
 * Passes `stytchPermissions` (`rbac.allPermissions()`: resource → action → allowed), loaded
 * again whenever the session's roles change; renders nothing until the first answer.
 */
export function withStytchPermissions(Component) {
  const With = (props) => {
    const { stytch } = useStytchContext('withStytchPermissions');
    const { session } = useStytchMemberSession();
    const [permissions, setPermissions] = useState(null);
    useEffect(() => {
      if (!usable(stytch)) return;
      let current = true;
      stytch.rbac.allPermissions().then((p) => current && setPermissions(p));
      return () => {
        current = false;
      };
    }, [stytch, session?.roles]);
    return permissions && createElement(Component, { ...props, stytchPermissions: permissions });
  };
  With.displayName = `withStytchPermissions(${Component.displayName || Component.name || 'Component'})`;
  return With;
}
