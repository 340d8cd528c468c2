// The project's consent page for Connected Apps (#24), at the authorization URL the project's
// discovery document names (http://localhost:3000/oauth/authorize until a project sets its own).
// An app that signs members in through this project (an OAuth / OpenID Connect client, such as
// ../../connected-app) sends the browser here with its authorization request. A member without a
// session signs in first, on this same page (the app's own sign-in, MFA included); then
// `idp.oauthAuthorizeStart` says which client asks for which scopes and whether the member must
// be asked, and `idp.oauthAuthorizeSubmit` turns the answer into the client's redirect: a code,
// or `error=access_denied`. The browser follows it.
import { useEffect, useRef, useState } from 'react';
import { useStytchMember, useStytchOrganization } from 'stytch-b2b-headless-wasm/react';
import { parseOAuthAuthorizeParams } from 'stytch-b2b-headless-wasm';

const CONSENT_PATH = '/oauth/authorize';

/** Whether this page is the consent page (the app serves it at its authorization URL). */
export const onConsentPage = () => location.pathname.endsWith(CONSENT_PATH);

/** The authorization request of this page's address. */
const authorizationRequest = () => parseOAuthAuthorizeParams(new URLSearchParams(location.search));

export function Consent({ stytch, attempt, go }) {
  const { member } = useStytchMember();
  const { organization } = useStytchOrganization();
  const [request] = useState(authorizationRequest);
  const [asked, setAsked] = useState(null);
  const [leaving, setLeaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  const { client_id, redirect_uri, response_type, scopes, prompt, state, nonce, code_challenge } = request.result;

  // The member's answer, for the scopes the client may be granted; the client gets it by redirect.
  const answer = async (start, consent_granted) => {
    const granted = start.scope_results.filter((s) => s.is_grantable).map((s) => s.scope);
    const r = await stytch.idp.oauthAuthorizeSubmit({
      client_id,
      redirect_uri,
      response_type,
      scopes: granted,
      state,
      nonce,
      code_challenge,
      consent_granted,
    });
    setLeaving(true);
    location.assign(r.redirect_uri);
  };
  useEffect(() => {
    // Once per page load (React's development mode runs effects twice).
    if (request.error || started.current) return;
    started.current = true;
    attempt(async () => {
      try {
        const start = await stytch.idp.oauthAuthorizeStart({ client_id, redirect_uri, response_type, scopes, prompt });
        // Already granted (or a first-party client): no question to ask.
        if (start.consent_required) setAsked(start);
        else await answer(start, true);
      } catch (e) {
        // An unknown client or a redirect URI it did not register: say so, and send nothing back.
        setFailed(true);
        throw e;
      }
    })();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const switchAccount = attempt(async () => {
    await stytch.session.revoke({ forceClear: true }).catch(() => {});
    go(null);
  });
  if (request.error || failed) {
    return (
      <div>
        <h1 id="consent-invalid">This app's sign-in request cannot be answered</h1>
        {request.error && <p>{request.error}</p>}
      </div>
    );
  }
  if (!asked || !member || !organization) return <p className="note">{leaving ? 'Returning to the app…' : 'One moment…'}</p>;
  const respond = (granted) => attempt(() => answer(asked, granted));
  return (
    <div>
      <h1 id="consent-client">{asked.client.client_name || asked.client.client_id} wants to access your account</h1>
      {asked.client.client_description && <p className="note">{asked.client.client_description}</p>}
      <p>
        Signed in as <span className="mono">{member.email_address}</span> in {organization.organization_name}. It asks to:
      </p>
      <ul id="consent-scopes">
        {asked.scope_results.map((s) => (
          <li key={s.scope} data-scope={s.scope} className={s.is_grantable ? '' : 'note'}>
            {s.description || s.scope}
            {!s.is_grantable && ' (not available to this app)'}
          </li>
        ))}
      </ul>
      <button id="consent-allow" onClick={respond(true)} disabled={leaving}>
        Allow
      </button>
      <button id="consent-deny" className="secondary" onClick={respond(false)} disabled={leaving}>
        Deny
      </button>
      <p className="note">
        Not you?{' '}
        <button id="consent-switch" className="secondary" onClick={switchAccount}>
          Use another account
        </button>
      </p>
    </div>
  );
}
