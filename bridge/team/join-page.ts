// "Join a team" for browser teammates, served by the host's LAN listener at /join: the teammate checks
// the certificate fingerprint against the host's screen, types the pairing code, their name and number;
// the page trades them for an agent token (POST /pair over this TLS connection) and opens the console.
// Script and page are separate files so the console's CSP (script-src 'self') holds.

export const JOIN_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Join a team · Sauti Console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2733}
label{display:block;margin:.8rem 0}input{display:block;width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit}#error{color:#b3261e}</style></head>
<body><h1>Join a team</h1>
<p>Check that the certificate fingerprint your browser shows for this page matches the one on the host's screen, then enter the pairing code shown there.</p>
<form id="join"><label>Pairing code<input name="code" autocomplete="off" required placeholder="K7QM-2XPA"></label>
<label>Your name<input name="name" required maxlength="80"></label>
<label>Your phone number<input name="number" required placeholder="+254712345678"></label>
<button type="submit">Join</button><p id="error" role="alert"></p></form>
<script src="/join.js"></script></body></html>`;

export const JOIN_JS = `document.getElementById('join').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const error = document.getElementById('error');
  error.textContent = '';
  try {
    const res = await fetch('/pair', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: f.get('code'), name: f.get('name'), number: f.get('number') }) });
    const body = await res.json();
    if (!res.ok) { error.textContent = (body.error && body.error.message) || 'The host refused pairing.'; return; }
    location.replace('/#token=' + encodeURIComponent(body.token));
  } catch { error.textContent = 'Could not reach the host. Check the address and your network.'; }
});`;
