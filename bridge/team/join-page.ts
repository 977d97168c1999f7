// "Join a team" for browser teammates, served by the host's LAN listener at /join: the teammate checks
// the certificate fingerprint against the host's screen, types the pairing code, their name and number;
// the page trades them for an agent token (POST /pair over this TLS connection) and opens the console.
// Script and page are separate files so the console's CSP (script-src 'self') holds.

export const JOIN_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Join a team · Sauti Console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root{--bg:#f4f5f7;--surface:#fff;--border:#e1e4e9;--text:#181c21;--muted:#57606c;--accent:#3553d1;
--caller:#0f766e;--danger:#c0262d;--danger-soft:#fdecec;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0e1115;--surface:#161a20;--border:#272d36;--text:#e7eaef;
--muted:#a2abb8;--accent:#8aa4ff;--caller:#4fd1c0;--danger:#ff7b7b;--danger-soft:#3b1719}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);color:var(--text);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:24px}
main{width:100%;max-width:27rem;background:var(--surface);border:1px solid var(--border);border-radius:12px;
padding:28px 32px;box-shadow:0 12px 32px rgb(16 24 40/12%)}
.brand{display:flex;align-items:center;gap:10px;font-weight:650;color:var(--muted);font-size:14px}
.mark{display:grid;place-items:center;width:28px;height:28px;border-radius:8px;color:#fff;font-weight:700;
background:linear-gradient(135deg,var(--accent),var(--caller))}
h1{font-size:24px;margin:18px 0 6px;letter-spacing:-.01em}
p{margin:0 0 10px;color:var(--muted)}
.steps{margin:0 0 18px;padding-left:20px;color:var(--muted);font-size:14px}
label{display:block;margin:14px 0 0;font-weight:600;font-size:14px}
input{display:block;width:100%;margin-top:6px;padding:9px 11px;font:inherit;color:inherit;background:transparent;
border:1px solid var(--border);border-radius:6px}
input:focus{outline:2px solid var(--accent);outline-offset:1px;border-color:transparent}
#code{font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:.08em;text-transform:uppercase}
button{margin-top:22px;width:100%;padding:10px 16px;font:inherit;font-weight:650;color:#fff;background:var(--accent);
border:0;border-radius:6px;cursor:pointer}
button:disabled{opacity:.6;cursor:progress}
#error:not(:empty){margin-top:14px;padding:8px 11px;border-radius:6px;background:var(--danger-soft);color:var(--danger)}
.note{margin-top:16px;font-size:13px}
.hint{margin:4px 0 0;font-size:13px}
</style></head>
<body><main>
<div class="brand"><span class="mark" aria-hidden="true">S</span>Sauti Console</div>
<h1>Join a team</h1>
<ol class="steps">
<li>On the host laptop: Settings → Team → <strong>Pairing code</strong>.</li>
<li>Check that the certificate fingerprint your browser shows for this page (click the address bar's
warning or padlock, then the certificate) matches the one on the host's screen.</li>
<li>Enter the code, your name and the phone number Take over should ring.</li>
</ol>
<form id="join"><label for="code">Pairing code</label>
<input id="code" name="code" autocomplete="off" required placeholder="K7QM-2XPA">
<label for="name">Your name</label><input id="name" name="name" required maxlength="80" autocomplete="name">
<label for="number">Your phone number</label>
<input id="number" name="number" required placeholder="0712 345 678" maxlength="32" inputmode="tel"
autocomplete="tel" aria-describedby="number-hint">
<p class="hint" id="number-hint">07…, 01… or +254…; other countries with + and the country code.</p>
<button type="submit">Join</button><p id="error" role="alert"></p></form>
<p class="note">You get your own access to the host's console; the host can revoke it at any time.</p>
</main><script src="/join.js"></script></body></html>`;

export const JOIN_JS = `document.getElementById('join').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = new FormData(e.target);
  const error = document.getElementById('error');
  const button = e.target.querySelector('button');
  error.textContent = '';
  button.disabled = true;
  try {
    const res = await fetch('/pair', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: f.get('code'), name: f.get('name'), number: f.get('number') }) });
    const body = await res.json();
    if (res.ok) return location.replace('/#token=' + encodeURIComponent(body.token));
    error.textContent = (body.error && body.error.message) || 'The host refused pairing.';
  } catch { error.textContent = 'Could not reach the host. Check the address and your network.'; }
  button.disabled = false;
});`;
