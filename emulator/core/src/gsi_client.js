// The Stytch emulator's stand-in for Google Identity Services (https://accounts.google.com/gsi/client),
// served at the emulator's /gsi/client. It defines what Google One Tap clients call,
// window.google.accounts.id: initialize(config), prompt(listener), cancel() and disableAutoSelect().
// prompt() shows a small panel in the page itself (plain DOM: the emulator's own pages refuse
// to be framed) asking for the local Google account's email; Continue asks the emulator's
// /gsi/credential for that account's ID token and hands it to config.callback, as Google's
// prompt does when a person picks an account. The panel is built node by node, text as text.
(function () {
  'use strict';
  // Where this script came from: the credential endpoint is beside it (also under a prefix,
  // such as a Service Worker's /stytch/gsi/client).
  var script = document.currentScript;
  var credentialUrl = new URL('credential', script && script.src ? script.src : location.href).href;
  var PANEL_ID = 'stytch-emulator-onetap';
  // The project's name, written in by the emulator as a JSON string when it serves the script.
  var PROJECT_NAME = '__STYTCH_EMULATOR_PROJECT_NAME__';
  var config = null;

  // Google's PromptMomentNotification: one moment (display, skipped or dismissed) and its reason.
  function moment(type, reason) {
    return {
      getMomentType: function () {
        return type;
      },
      isDisplayMoment: function () {
        return type === 'display';
      },
      isDisplayed: function () {
        return type === 'display' && !reason;
      },
      isNotDisplayed: function () {
        return type === 'display' && !!reason;
      },
      getNotDisplayedReason: function () {
        return type === 'display' ? reason : undefined;
      },
      isSkippedMoment: function () {
        return type === 'skipped';
      },
      getSkippedReason: function () {
        return type === 'skipped' ? reason : undefined;
      },
      isDismissedMoment: function () {
        return type === 'dismissed';
      },
      getDismissedReason: function () {
        return type === 'dismissed' ? reason : undefined;
      },
    };
  }

  function tell(listener, notification) {
    if (typeof listener === 'function') listener(notification);
  }

  function removePanel() {
    var panel = document.getElementById(PANEL_ID);
    if (panel) panel.remove();
  }

  function element(tag, props, children) {
    var el = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === 'style') el.style.cssText = props[k];
      else if (k === 'text') el.textContent = props[k];
      else el.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) {
      el.appendChild(c);
    });
    return el;
  }

  async function fetchCredential(email) {
    var resp = await fetch(credentialUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: config.client_id, email: email }),
    });
    var body = await resp.json().catch(function () {
      return {};
    });
    if (!resp.ok || typeof body.credential !== 'string') {
      throw new Error(body.error_message || 'The emulator gave no credential (' + resp.status + ').');
    }
    return body.credential;
  }

  function showPanel(listener) {
    removePanel();
    var title = 'Sign in to ' + PROJECT_NAME + ' with Google (emulated)';
    var email = element('input', {
      id: 'stytch-emulator-onetap-email',
      type: 'email',
      placeholder: 'someone@example.test',
      autocomplete: 'email',
      'aria-label': 'Google account email',
      style: 'display:block;width:100%;box-sizing:border-box;margin:.5rem 0;padding:.4rem;font:inherit',
    });
    var status = element('p', { role: 'status', style: 'margin:.25rem 0;color:#b00020;min-height:1em;font-size:.85rem' });
    var cont = element('button', {
      id: 'stytch-emulator-onetap-continue',
      type: 'submit',
      text: 'Continue',
      style: 'padding:.4rem 1rem;font:inherit;cursor:pointer',
    });
    var close = element('button', {
      id: 'stytch-emulator-onetap-close',
      type: 'button',
      text: '\u00d7',
      'aria-label': 'Close',
      style: 'position:absolute;top:.25rem;right:.5rem;border:0;background:none;font-size:1.2rem;cursor:pointer',
    });
    var form = element('form', {}, [
      element('strong', { text: title }),
      element('p', {
        text: 'The Stytch emulator stands in for Google: any email signs in as that local Google account.',
        style: 'margin:.25rem 0;color:#555;font-size:.85rem',
      }),
      email,
      status,
      cont,
    ]);
    var panel = element(
      'div',
      {
        id: PANEL_ID,
        role: 'dialog',
        'aria-label': title,
        style:
          'position:fixed;top:1rem;right:1rem;z-index:2147483647;width:20rem;padding:1rem;background:#fff;color:#222;' +
          'font:14px system-ui,sans-serif;border:1px solid #ccc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2)',
      },
      [close, form],
    );
    // Closed by its button, or (unless the page said cancel_on_tap_outside: false, as Google's
    // option) by a tap anywhere else on the page: a skipped moment, as Google reports it.
    function skip(reason) {
      document.removeEventListener('pointerdown', outside, true);
      // A panel taken away already (Continue, cancel(), a newer prompt) reports nothing.
      if (!panel.isConnected) return;
      panel.remove();
      tell(listener, moment('skipped', reason));
    }
    function outside(event) {
      if (!panel.contains(event.target)) skip('tap_outside');
    }
    close.addEventListener('click', function () {
      skip('user_cancel');
    });
    if (config.cancel_on_tap_outside !== false) document.addEventListener('pointerdown', outside, true);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      cont.disabled = true;
      status.textContent = '';
      try {
        var credential = await fetchCredential(email.value.trim());
        document.removeEventListener('pointerdown', outside, true);
        panel.remove();
        tell(listener, moment('dismissed', 'credential_returned'));
        config.callback({ credential: credential, select_by: 'user', clientId: config.client_id });
      } catch (e) {
        status.textContent = String(e && e.message ? e.message : e);
        cont.disabled = false;
      }
    });
    document.body.appendChild(panel);
    email.focus();
    tell(listener, moment('display'));
  }

  var id = {
    initialize: function (c) {
      config = Object.assign({}, c);
    },
    prompt: function (listener) {
      if (!config || typeof config.callback !== 'function' || !config.client_id) {
        tell(listener, moment('display', 'missing_client_id'));
        return;
      }
      if (document.body) showPanel(listener);
      else
        document.addEventListener('DOMContentLoaded', function () {
          showPanel(listener);
        });
    },
    cancel: function () {
      if (document.getElementById(PANEL_ID)) removePanel();
    },
    disableAutoSelect: function () {},
    renderButton: function () {},
    storeCredential: function () {},
    revoke: function (hint, done) {
      if (typeof done === 'function') done({ successful: true });
    },
  };

  window.google = window.google || {};
  window.google.accounts = window.google.accounts || {};
  window.google.accounts.id = id;
})();
