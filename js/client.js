// Gives the wasm client Stytch's shape: `client.otps.sms.send(...)` and friends, built once
// per client and all sharing one wasm state. Every API method returns a Promise and never
// throws synchronously; the logic lives in Rust (src/), this file only names things.

const TOPIC = { state: 0, session: 1, member: 2, organization: 3 };

export function bindClient(wasm) {
  const errors = wasm.errorClasses();

  class StytchB2BClient {
    constructor(publicToken, options) {
      if (typeof window === 'undefined' || typeof document === 'undefined') {
        throw new Error(
          'StytchB2BClient can only be constructed in a browser. On the server (SSR), import the package but create the client in the browser, e.g. in useEffect.',
        );
      }
      const core = new wasm.WasmClient(publicToken, options);
      const call = (method) => (params) => core.call(method, params);
      const onChange = (topic) => (callback) => core.subscribe(topic, callback);
      Object.defineProperty(this, '_core', { value: core });

      this.passwords = {
        authenticate: call('passwords.authenticate'),
        resetByEmailStart: call('passwords.resetByEmailStart'),
        resetByEmail: call('passwords.resetByEmail'),
        resetByExistingPassword: call('passwords.resetByExistingPassword'),
        strengthCheck: call('passwords.strengthCheck'),
      };
      this.magicLinks = {
        email: { loginOrSignup: call('magicLinks.email.loginOrSignup') },
        authenticate: call('magicLinks.authenticate'),
      };
      this.discovery = { intermediateSessions: { exchange: call('discovery.intermediateSessions.exchange') } };
      this.otps = { sms: { send: call('otps.sms.send'), authenticate: call('otps.sms.authenticate') } };
      this.totp = { create: call('totp.create'), authenticate: call('totp.authenticate') };
      this.recoveryCodes = {
        recover: call('recoveryCodes.recover'),
        get: call('recoveryCodes.get'),
        rotate: call('recoveryCodes.rotate'),
      };
      this.session = {
        getSync: () => core.sessionSync(),
        getInfo: () => core.sessionInfo(),
        getTokens: () => core.tokens(),
        authenticate: call('session.authenticate'),
        revoke: call('session.revoke'),
        onChange: onChange(TOPIC.session),
        /** Step-up aid: were these factor types authenticated within the last N minutes? */
        authenticatedWithin: (params) => core.authenticatedWithin(params),
      };
      this.member = {
        getSync: () => core.memberSync(),
        getInfo: () => ({ member: core.memberSync(), fromCache: core.sessionInfo().fromCache }),
        onChange: onChange(TOPIC.member),
      };
      this.organization = {
        getSync: () => core.organizationSync(),
        getInfo: () => ({ organization: core.organizationSync(), fromCache: core.sessionInfo().fromCache }),
        onChange: onChange(TOPIC.organization),
      };
      this.onStateChange = onChange(TOPIC.state);
    }
  }

  // Stytch's names: the current ones, and the earlier ones its 6.x still exports.
  const createStytchB2BClient = (publicToken, options) => new StytchB2BClient(publicToken, options);
  return {
    StytchB2BClient,
    StytchB2BHeadlessClient: StytchB2BClient,
    createStytchB2BClient,
    createStytchB2BHeadlessClient: createStytchB2BClient,
    ...errors,
  };
}
