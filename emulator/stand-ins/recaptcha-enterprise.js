// The emulator's stand-in for Google's reCAPTCHA Enterprise script
// (`<emulator>/recaptcha/enterprise.js?render=<site key>`). It defines
// `window.grecaptcha.enterprise` with `ready(callback)` and `execute(siteKey, {action})`, which
// POSTs to the emulator beside this script (`recaptcha/enterprise/execute`, found from the
// script's own URL) and resolves to a single-use captcha token. The token passes or fails as
// queued through the control API (`POST /_emulator/protected_auth/queue`; pass when none is).
(function () {
  const source = document.currentScript ? document.currentScript.src : location.href;
  const executeUrl = new URL('enterprise/execute', source).href;

  const enterprise = {
    ready(callback) {
      // Google's runs the callback once its script is ready; this one is ready when loaded.
      Promise.resolve().then(callback);
    },
    async execute(siteKey, options) {
      const res = await fetch(executeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ site_key: siteKey, action: options && options.action }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok || typeof body.token !== 'string') {
        throw new Error(body.error_message || `grecaptcha.enterprise.execute: ${executeUrl} answered ${res.status}`);
      }
      return body.token;
    },
  };
  window.grecaptcha = Object.assign(window.grecaptcha || {}, { enterprise });
})();
