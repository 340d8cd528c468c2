// A fresh Vite + React app using the installed tarball: the provider, the hooks, and one login.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { StytchB2BHeadlessClient, StytchAPIError } from 'stytch-b2b-headless-wasm';
import { StytchB2BProvider, useStytchB2BClient, useStytchMemberSession, useStytchMember } from 'stytch-b2b-headless-wasm/react';

const api = new URLSearchParams(location.search).get('api');
const stytch = new StytchB2BHeadlessClient('public-token-test-00000000-0000-4000-8000-000000000000', { customBaseUrl: api });

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
      .authenticate({ organization_id: 'organization-test-00000000-0000-4000-8000-000000000002', email_address: 'optional.member@globex.test', password, session_duration_minutes: 60 })
      .then(() => setError(''))
      .catch((e) => setError(e instanceof StytchAPIError ? e.error_type : String(e)));
  return (
    <main>
      <p id="initialized">{String(isInitialized)}</p>
      <p id="member">{member ? member.email_address : 'none'}</p>
      <p id="session">{session ? session.member_id : 'none'}</p>
      <p id="error">{error}</p>
      <button id="wrong" onClick={() => login('wrong-password')}>wrong</button>
      <button id="login" onClick={() => login('mfa-demo-password')}>login</button>
      <button id="logout" onClick={() => client.session.revoke()}>logout</button>
    </main>
  );
}

createRoot(document.getElementById('root')).render(
  <StytchB2BProvider stytch={stytch}>
    <App />
  </StytchB2BProvider>,
);
