// The organization's single sign-on and SCIM setup, two parts of the admin page (#24): what an
// admin portal does with Stytch's `sso.*` and `scim.*` methods. Each part, and each of its
// buttons, shows only when the member's roles allow it (`rbac.isAuthorizedSync` on
// `stytch.sso` / `stytch.scim`); the emulator, as Stytch, checks the roles again.
import { useEffect, useState } from 'react';

const DEMO = window.DEMO;
const ACTIONS = ['get', 'create', 'update', 'delete'];

/** What the member's roles allow on one of Stytch's resources: `{get, create, update, delete}`. */
export function allowedOn(stytch, resource) {
  return Object.fromEntries(ACTIONS.map((a) => [a, stytch.rbac.isAuthorizedSync(resource, a)]));
}

/** The organization's connections in one list, each with its protocol. */
function connectionsOf(r) {
  return [
    ...r.saml_connections.map((c) => ({ ...c, protocol: 'saml' })),
    ...r.oidc_connections.map((c) => ({ ...c, protocol: 'oidc' })),
    ...r.external_connections.map((c) => ({ ...c, protocol: 'external' })),
  ];
}

/** A labelled text input bound to `values[name]`. */
function Field({ id, label, values, set, name, placeholder, multiline }) {
  const Input = multiline ? 'textarea' : 'input';
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        value={values[name] ?? ''}
        placeholder={placeholder}
        onChange={(e) => set({ ...values, [name]: e.target.value })}
        rows={multiline ? 3 : undefined}
      />
    </>
  );
}

// Only the fields given: an empty one leaves the setting as it is (as Stytch's API does).
const given = (values) => Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v !== 'string' || v.trim()));

export function SsoSetup({ stytch, attempt, setNotice }) {
  const may = allowedOn(stytch, 'stytch.sso');
  const [connections, setConnections] = useState([]);
  const [editing, setEditing] = useState('');
  const [name, setName] = useState('');
  const [protocol, setProtocol] = useState('saml');
  const reload = async () => setConnections(connectionsOf(await stytch.sso.getConnections()));
  useEffect(() => {
    if (may.get) attempt(reload)();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (!may.get) return null;

  const create = attempt(async () => {
    const api = protocol === 'saml' ? stytch.sso.saml : stytch.sso.oidc;
    const { connection } = await api.createConnection({ display_name: name.trim() || undefined });
    setName('');
    await reload();
    setEditing(connection.connection_id);
    setNotice(`The ${protocol.toUpperCase()} connection ${connection.display_name} was created: fill in its settings.`);
  });
  const remove = (c) =>
    attempt(async () => {
      await stytch.sso.deleteConnection(c.connection_id);
      if (editing === c.connection_id) setEditing('');
      await reload();
      setNotice(`The connection ${c.display_name} was deleted.`);
    })();
  // Signs in through the connection: the emulator's identity-provider page, then back here
  // with an SSO token (as the sign-in page's "Sign in with SSO" does), as whoever is chosen there.
  const testSignIn = (c) =>
    attempt(() =>
      stytch.sso.start({ connection_id: c.connection_id, login_redirect_url: DEMO.appUrl(), signup_redirect_url: DEMO.appUrl() }),
    )();
  const selected = connections.find((c) => c.connection_id === editing);
  const saved = async (message) => {
    await reload();
    setNotice(message);
  };

  return (
    <section id="sso" className="alt">
      <h2>Single sign-on</h2>
      <table id="sso-connections">
        <tbody>
          {connections.map((c) => (
            <tr key={c.connection_id} data-name={c.display_name} data-connection={c.connection_id}>
              <td>
                <strong>{c.display_name}</strong>
                <br />
                <span className="note">
                  {c.protocol.toUpperCase()} · <span className="status">{c.status}</span>
                </span>
              </td>
              <td>
                {may.update && c.protocol !== 'external' && (
                  <button className="sso-edit secondary" onClick={() => setEditing(c.connection_id)}>
                    Edit
                  </button>
                )}
                <button className="sso-test secondary" onClick={() => testSignIn(c)}>
                  Test sign-in
                </button>
                {may.delete && (
                  <button className="sso-delete secondary" onClick={() => remove(c)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!connections.length && <p className="note">No connections yet.</p>}
      {may.create && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <label htmlFor="sso-name">New connection</label>
          <input id="sso-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Okta" />
          <select id="sso-protocol" value={protocol} onChange={(e) => setProtocol(e.target.value)} aria-label="Protocol">
            <option value="saml">SAML</option>
            <option value="oidc">OIDC</option>
          </select>
          <button id="sso-create" type="submit">
            Create connection
          </button>
        </form>
      )}
      {selected && selected.protocol === 'saml' && (
        <SamlSettings key={selected.connection_id} connection={selected} stytch={stytch} attempt={attempt} saved={saved} />
      )}
      {selected && selected.protocol === 'oidc' && (
        <OidcSettings key={selected.connection_id} connection={selected} stytch={stytch} attempt={attempt} saved={saved} />
      )}
    </section>
  );
}

// A SAML connection: the identity provider's entity id, sign-in URL and certificate (or all
// three from the emulator's own identity provider's metadata), which of its attributes carry the
// member's email, name and groups, and the roles members of a group get.
function SamlSettings({ connection: c, stytch, attempt, saved }) {
  const [values, setValues] = useState({ idp_entity_id: c.idp_entity_id, idp_sso_url: c.idp_sso_url, x509_certificate: '' });
  const [mapping, setMapping] = useState({ email: 'email', first_name: '', last_name: '', groups: '', ...c.attribute_mapping });
  const [groupRoles, setGroupRoles] = useState(c.saml_group_implicit_role_assignments);
  const [group, setGroup] = useState({ group: '', role_id: '' });
  const fromMetadata = attempt(async () => {
    await stytch.sso.saml.updateConnectionByURL({
      connection_id: c.connection_id,
      metadata_url: `${DEMO.apiBase}/v1/b2b/public/idp/saml/metadata`,
    });
    await saved(`${c.display_name} now trusts the emulator's identity provider (its entity id, sign-in URL and certificate).`);
  });
  const save = attempt(async () => {
    const pending = given(group);
    const roles = pending.group && pending.role_id ? [...groupRoles, pending] : groupRoles;
    const { connection } = await stytch.sso.saml.updateConnection({
      connection_id: c.connection_id,
      ...given(values),
      attribute_mapping: given(mapping),
      saml_group_implicit_role_assignments: roles,
    });
    setGroupRoles(connection.saml_group_implicit_role_assignments);
    setGroup({ group: '', role_id: '' });
    await saved(`${c.display_name} was saved (${connection.status}).`);
  });
  return (
    <form
      id="sso-settings"
      className="alt"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{c.display_name} (SAML)</h3>
      <p className="note">
        Give your identity provider this ACS URL: <span className="mono">{c.acs_url}</span> and audience{' '}
        <span className="mono">{c.audience_uri}</span>.
      </p>
      <button id="saml-use-emulator" type="button" className="secondary" onClick={fromMetadata}>
        Use the emulator's identity provider
      </button>
      <Field id="saml-entity-id" label="IdP entity ID" name="idp_entity_id" values={values} set={setValues} />
      <Field id="saml-sso-url" label="IdP sign-in URL" name="idp_sso_url" values={values} set={setValues} />
      <Field
        id="saml-certificate"
        label={`IdP certificate (PEM; ${c.verification_certificates.length} on file)`}
        name="x509_certificate"
        values={values}
        set={setValues}
        multiline
      />
      <Field id="map-email" label="Attribute with the email" name="email" values={mapping} set={setMapping} />
      <Field id="map-first-name" label="Attribute with the first name" name="first_name" values={mapping} set={setMapping} />
      <Field id="map-last-name" label="Attribute with the last name" name="last_name" values={mapping} set={setMapping} />
      <Field id="map-groups" label="Attribute with the groups" name="groups" values={mapping} set={setMapping} placeholder="groups" />
      <label>Roles by group</label>
      <table id="sso-group-roles">
        <tbody>
          {groupRoles.map((g) => (
            <tr key={`${g.group} ${g.role_id}`}>
              <td>{g.group}</td>
              <td className="mono">{g.role_id}</td>
              <td>
                <button type="button" className="secondary" onClick={() => setGroupRoles(groupRoles.filter((x) => x !== g))}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <RoleInputs ids={['group-name', 'group-role']} value={group} set={setGroup} nameField="group" />
      <button id="sso-save" type="submit">
        Save
      </button>
    </form>
  );
}

/** A group name and a role (from the demo's RBAC policy). */
function RoleInputs({ ids: [groupId, roleId], value, set, nameField, groups }) {
  return (
    <>
      {groups ? (
        <select id={groupId} value={value[nameField]} onChange={(e) => set({ ...value, [nameField]: e.target.value })} aria-label="Group">
          <option value="">Group…</option>
          {groups.map((g) => (
            <option key={g.group_id} value={g.group_id}>
              {g.group_name}
            </option>
          ))}
        </select>
      ) : (
        <input id={groupId} value={value[nameField]} onChange={(e) => set({ ...value, [nameField]: e.target.value })} placeholder="Group" />
      )}
      <input
        id={roleId}
        list={`${roleId}-choices`}
        value={value.role_id}
        onChange={(e) => set({ ...value, role_id: e.target.value })}
        placeholder="Role"
      />
      <datalist id={`${roleId}-choices`}>
        {DEMO.roles.map((r) => (
          <option key={r} value={r} />
        ))}
      </datalist>
    </>
  );
}

// An OIDC connection: the identity provider's issuer, this app's client there, and its
// endpoints (the emulator fetches no discovery document, so they are given here).
function OidcSettings({ connection: c, stytch, attempt, saved }) {
  const names = ['issuer', 'client_id', 'client_secret', 'authorization_url', 'token_url', 'userinfo_url', 'jwks_url'];
  const [values, setValues] = useState(() => Object.fromEntries(names.map((n) => [n, n === 'client_secret' ? '' : c[n]])));
  const save = attempt(async () => {
    const { connection } = await stytch.sso.oidc.updateConnection({ connection_id: c.connection_id, ...given(values) });
    await saved(`${c.display_name} was saved (${connection.status}).`);
  });
  const labels = {
    issuer: 'Issuer',
    client_id: 'Client ID',
    client_secret: 'Client secret (never shown again)',
    authorization_url: 'Authorization URL',
    token_url: 'Token URL',
    userinfo_url: 'Userinfo URL',
    jwks_url: 'JWKS URL',
  };
  return (
    <form
      id="sso-settings"
      className="alt"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{c.display_name} (OIDC)</h3>
      <p className="note">
        Register this redirect URL with your identity provider: <span className="mono">{c.redirect_url}</span>
      </p>
      {names.map((n) => (
        <Field key={n} id={`oidc-${n.replaceAll('_', '-')}`} label={labels[n]} name={n} values={values} set={setValues} />
      ))}
      <button id="sso-save" type="submit">
        Save
      </button>
    </form>
  );
}

// The organization's SCIM connection (one at most): its identity provider provisions and
// deprovisions members through the connection's base URL with a bearer token, which is shown
// once, at creation and at each rotation.
export function ScimSetup({ stytch, attempt, setNotice }) {
  const may = allowedOn(stytch, 'stytch.scim');
  const [connection, setConnection] = useState(null);
  const [groups, setGroups] = useState([]);
  const [token, setToken] = useState(null);
  const [name, setName] = useState('');
  const [provider, setProvider] = useState(DEMO.scimProviders[0]);
  const [assignment, setAssignment] = useState({ group_id: '', role_id: '' });
  const load = async () => {
    const { connection: c } = await stytch.scim.getConnection();
    setConnection(c || null);
    setGroups(c ? (await stytch.scim.getConnectionGroups({ limit: 100 })).scim_groups : []);
  };
  useEffect(() => {
    if (may.get) attempt(load)();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (!may.get) return null;

  const create = attempt(async () => {
    const r = await stytch.scim.createConnection({ display_name: name.trim() || undefined, identity_provider: provider });
    setToken({ label: 'Bearer token', value: r.connection.bearer_token });
    setName('');
    await load();
  });
  const rotateStart = attempt(async () => {
    const r = await stytch.scim.rotateStart(connection.connection_id);
    setToken({ label: 'Next bearer token', value: r.connection.next_bearer_token });
    await load();
  });
  const step = (call, message) =>
    attempt(async () => {
      await call(connection.connection_id);
      setToken(null);
      await load();
      setNotice(message);
    });
  const rotateComplete = step((id) => stytch.scim.rotateComplete(id), 'The next token is now the only one.');
  const rotateCancel = step((id) => stytch.scim.rotateCancel(id), 'The rotation was cancelled: the current token stays.');
  const remove = step((id) => stytch.scim.deleteConnection(id), 'The SCIM connection was deleted.');
  const assign = attempt(async () => {
    const current = connection.scim_group_implicit_role_assignments.map(({ group_id, role_id }) => ({ group_id, role_id }));
    await stytch.scim.updateConnection({
      connection_id: connection.connection_id,
      scim_group_implicit_role_assignments: [...current, assignment],
    });
    setAssignment({ group_id: '', role_id: '' });
    await load();
    setNotice('Members of that group now hold the role.');
  });
  const rotating = connection && connection.next_bearer_token_last_four;

  return (
    <section id="scim" className="alt">
      <h2>SCIM provisioning</h2>
      {token && (
        <p id="scim-token" className="ok">
          {token.label}, shown this once: <code className="value">{token.value}</code>
        </p>
      )}
      {connection ? (
        <>
          <table id="scim-connection">
            <tbody>
              <tr>
                <td>Name</td>
                <td>{connection.display_name}</td>
              </tr>
              <tr>
                <td>Identity provider</td>
                <td>{connection.identity_provider}</td>
              </tr>
              <tr>
                <td>Base URL</td>
                <td id="scim-base-url" className="mono">
                  {connection.base_url}
                </td>
              </tr>
              <tr>
                <td>Bearer token</td>
                <td id="scim-last-four" className="mono">
                  …{connection.bearer_token_last_four}
                </td>
              </tr>
              {rotating && (
                <tr>
                  <td>Next token</td>
                  <td id="scim-next-last-four" className="mono">
                    …{connection.next_bearer_token_last_four}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {may.update && !rotating && (
            <button id="scim-rotate-start" className="secondary" onClick={rotateStart}>
              Rotate token
            </button>
          )}
          {may.update && rotating && (
            <>
              <button id="scim-rotate-complete" onClick={rotateComplete}>
                Complete rotation
              </button>
              <button id="scim-rotate-cancel" className="secondary" onClick={rotateCancel}>
                Cancel rotation
              </button>
            </>
          )}
          {may.delete && (
            <button id="scim-delete" className="secondary" onClick={remove}>
              Delete
            </button>
          )}
          <h3>Groups</h3>
          <table id="scim-groups">
            <tbody>
              {groups.map((g) => (
                <tr key={g.group_id} data-group={g.group_name}>
                  <td>{g.group_name}</td>
                  <td className="mono">
                    {connection.scim_group_implicit_role_assignments
                      .filter((a) => a.group_id === g.group_id)
                      .map((a) => a.role_id)
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!groups.length && <p className="note">No groups yet: your identity provider pushes them.</p>}
          <button id="scim-refresh" className="secondary" onClick={attempt(load)}>
            Refresh
          </button>
          {may.update && groups.length > 0 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                assign();
              }}
            >
              <label>Give a group's members a role</label>
              <RoleInputs ids={['scim-group', 'scim-role']} value={assignment} set={setAssignment} nameField="group_id" groups={groups} />
              <button id="scim-assign" type="submit">
                Assign role
              </button>
            </form>
          )}
        </>
      ) : (
        may.create && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              create();
            }}
          >
            <label htmlFor="scim-name">New SCIM connection</label>
            <input id="scim-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Okta provisioning" />
            <select id="scim-idp" value={provider} onChange={(e) => setProvider(e.target.value)} aria-label="Identity provider">
              {DEMO.scimProviders.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
            <button id="scim-create" type="submit">
              Create connection
            </button>
          </form>
        )
      )}
    </section>
  );
}
