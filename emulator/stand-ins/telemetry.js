// The emulator's stand-in for Stytch's Device Fingerprinting script (`<DFP CDN>/telemetry.js`).
// It defines `window.GetTelemetryID(publicToken, submitUrl)`, which POSTs the public token and
// this page's visitor id to `submitUrl` (the emulator's `/submit`) and resolves to the telemetry
// id the emulator mints. The id carries a verdict: the next one queued through the control API
// (`POST /_emulator/protected_auth/queue`), else the one this page's last id got, else ALLOW.
(function () {
  // One device per loaded script: a page keeps its verdict until another is queued.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const visitorId = `visitor-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;

  window.GetTelemetryID = async function GetTelemetryID(publicToken, submitUrl) {
    const res = await fetch(submitUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ public_token: publicToken, visitor_id: visitorId }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok || typeof body.telemetry_id !== 'string') {
      throw new Error(body.error_message || `GetTelemetryID: ${submitUrl} answered ${res.status}`);
    }
    return body.telemetry_id;
  };
})();
