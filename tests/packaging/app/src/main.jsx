// A fresh Vite + React app using the installed tarball: the provider, the hooks, the HOCs,
// and one login.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { StytchB2BHeadlessClient } from 'stytch-b2b-headless-wasm';
import {
  StytchAPIError,
  StytchB2BProvider,
  useStytchB2BClient,
  useStytchIsAuthorized,
  useStytchMemberSession,
  useStytchMember,
  withStytchB2BClient,
  withStytchMember,
  withStytchMemberSession,
  withStytchOrganization,
  withStytchPermissions,
} from 'stytch-b2b-headless-wasm/react';

// The emulator and its seed's ids come from the test, in the query string.
const query = new URLSearchParams(location.search);
const stytch = new StytchB2BHeadlessClient(query.get('token'), { customBaseUrl: query.get('api') });

// What the hooks said on the very first render (the provider's assumeHydrated default).
let firstInitialized;

function App() {
  const client = useStytchB2BClient();
  const { session, isInitialized } = useStytchMemberSession();
  if (firstInitialized === undefined) firstInitialized = isInitialized;
  window.firstInitialized = firstInitialized;
  const { member } = useStytchMember();
  const [error, setError] = useState('');
  const login = (password) =>
    client.passwords
      .authenticate({ organization_id: query.get('org'), email_address: query.get('email'), password, session_duration_minutes: 60 })
      .then(() => setError(''))
      .catch((e) => setError(e instanceof StytchAPIError ? e.error_type : String(e)));
  return (
    <main>
      <p id="initialized">{String(isInitialized)}</p>
      <p id="member">{member ? member.email_address : 'none'}</p>
      <p id="session">{session ? session.member_id : 'none'}</p>
      <p id="error">{error}</p>
      <button id="wrong" onClick={() => login('wrong-password')}>
        wrong
      </button>
      <button id="login" onClick={() => login(query.get('password'))}>
        login
      </button>
      <button id="logout" onClick={() => client.session.revoke()}>
        logout
      </button>
      <Authorized />
      <HocMember />
      <HocSession />
      <HocOrganization />
      <HocClient />
      <Permissions />
    </main>
  );
}

// The RBAC hook: `initialized:allowed`, for an action the emulator's policy grants no member.
function Authorized() {
  const { isInitialized, isAuthorized } = useStytchIsAuthorized('documents', 'delete');
  return <p id="authorized">{`${isInitialized}:${isAuthorized}`}</p>;
}

const HocMember = withStytchMember(({ stytchMember, stytchMemberIsInitialized }) => (
  <p id="hoc-member">{stytchMemberIsInitialized ? (stytchMember?.email_address ?? 'none') : 'loading'}</p>
));
const HocSession = withStytchMemberSession(({ stytchMemberSession }) => <p id="hoc-session">{stytchMemberSession?.member_id ?? 'none'}</p>);
const HocOrganization = withStytchOrganization(({ stytchOrganization }) => (
  <p id="hoc-organization">{stytchOrganization?.organization_id ?? 'none'}</p>
));
const HocClient = withStytchB2BClient(({ stytch }) => <p id="hoc-client">{String(typeof stytch.rbac.isAuthorizedSync)}</p>);
// Rendered once the member's permissions are loaded: resource → action → allowed, as JSON.
const Permissions = withStytchPermissions(({ stytchPermissions }) => <p id="permissions">{JSON.stringify(stytchPermissions)}</p>);

createRoot(document.getElementById('root')).render(
  <StytchB2BProvider stytch={stytch}>
    <App />
  </StytchB2BProvider>,
);
