// The dashboard's and playground's CSS and JavaScript, shipped in the package (no CDN) and served under
// a path that names their content hash, so they can be cached for a year and change with every release.
import { createHash } from 'node:crypto';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#17212b;background:#f4f6f8}
a{color:#0b5cad}header{background:#0b6e4f;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between}
header a{color:#fff}header h1{font-size:18px;margin:0}nav{display:flex;gap:12px;flex-wrap:wrap}
main{max-width:1100px;margin:0 auto;padding:12px}section{background:#fff;border:1px solid #d9dee3;border-radius:10px;padding:12px 14px;margin:12px 0}
h2{font-size:17px;margin:0 0 8px}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.card{background:#fff;border:1px solid #d9dee3;border-radius:10px;padding:10px 12px}.card b{display:block;font-size:20px}.card span{font-size:13px;color:#4a5866}
table{width:100%;border-collapse:collapse;font-size:14px}th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #e6e9ec;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}.tablewrap{overflow-x:auto}
.tag{display:inline-block;padding:0 6px;border-radius:4px;font-size:12px}.paid{background:#d7f0e3}.partial{background:#fff0c2}.unpaid{background:#fde2e1}.overdue{background:#f9c4c1}
.bars{display:flex;align-items:flex-end;gap:2px;height:90px;border-bottom:1px solid #c8ced4}.bars div{flex:1;background:#0b6e4f;min-width:3px}
.months{display:flex;gap:8px;align-items:flex-end;height:90px}.months div{flex:1;text-align:center;font-size:12px}.months i{display:block;background:#2c6fbb;margin:0 auto;width:70%}
form.inline{display:flex;flex-wrap:wrap;gap:6px;align-items:center}label{font-size:14px}input,select,button{font:inherit;padding:6px 8px;border:1px solid #b7c0c8;border-radius:6px}
button{background:#0b6e4f;color:#fff;border-color:#0b6e4f;cursor:pointer}button.link{background:none;color:#fff;border:none;padding:0;text-decoration:underline}
.notice{background:#e8f4ff;border:1px solid #b6d8f7;padding:8px 10px;border-radius:8px}.error{background:#fde2e1;border-color:#f3a6a2}
.muted{color:#5b6875;font-size:13px}.login{max-width:380px;margin:40px auto}.login input{width:100%;margin:6px 0 12px}
:focus-visible{outline:3px solid #f0a500;outline-offset:2px}
.phone{max-width:420px;margin:0 auto}.pane{background:#e5ddd5;border-radius:10px;padding:10px;height:340px;overflow-y:auto}
.bubble{background:#fff;border-radius:8px;padding:6px 9px;margin:6px 0;max-width:85%;white-space:pre-wrap}.me{background:#dcf8c6;margin-left:auto}
.ussd{background:#111;color:#9f9;font-family:ui-monospace,monospace;white-space:pre-wrap;border-radius:8px;padding:10px;min-height:120px}
.prompt{background:#fffbe6;border:1px solid #f0d264}
@media (max-width:600px){.hide-sm{display:none}}
`;

const LIVE_JS = `
const box = document.querySelector('[data-live]');
if (box && 'EventSource' in window) {
  const events = new EventSource(box.dataset.live);
  events.addEventListener('payment', () => { location.reload(); });
}
`;

const PLAYGROUND_JS = `
const $ = (id) => document.getElementById(id);
const phone = () => $('phone').value.trim();
const seen = new Set();
let ussdSession = null;
let ussdInputs = [];
let promptId = null;
function bubble(pane, text, mine) {
  const div = document.createElement('div');
  div.className = 'bubble' + (mine ? ' me' : '');
  div.textContent = text;
  pane.appendChild(div);
  pane.scrollTop = pane.scrollHeight;
}
async function send(channel, text, sessionId) {
  const res = await fetch('/playground/send', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ channel, phone: phone(), text, sessionId }) });
  return res.json();
}
$('preset').addEventListener('change', (e) => { if (e.target.value) $('phone').value = e.target.value; else $('phone').focus(); reset(); });
$('phone').addEventListener('change', reset);
function reset() { seen.clear(); $('wa').textContent = ''; $('sms').textContent = ''; $('ussd').textContent = $('playground').dataset.dial; ussdSession = null; poll(true); }
$('waForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('waText').value; if (!text) return;
  $('waText').value = '';
  bubble($('wa'), text, true);
  const answer = await send('whatsapp', text);
  bubble($('wa'), answer.reply || '(HTTP ' + answer.status + ')', false);
});
$('smsForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = $('smsText').value; if (!text) return;
  $('smsText').value = '';
  bubble($('sms'), text, true);
  await send('sms', text);
});
async function ussd(input) {
  if (!ussdSession) { ussdSession = 'ATUid_' + Math.random().toString(36).slice(2); ussdInputs = []; }
  else ussdInputs.push(input);
  const answer = await send('ussd', ussdInputs.join('*'), ussdSession);
  $('ussd').textContent = answer.reply;
  if (!answer.reply.startsWith('CON')) ussdSession = null;
}
$('dial').addEventListener('click', () => { ussdSession = null; ussd(''); });
$('ussdForm').addEventListener('submit', (e) => { e.preventDefault(); const v = $('ussdText').value; $('ussdText').value = ''; if (!ussdSession) ussd(''); else ussd(v); });
$('pinForm').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!promptId) return;
  await fetch('/simulator/daraja/__sim/prompts/' + promptId + '/pin', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pin: $('pin').value }) });
  $('pin').value = ''; $('prompt').hidden = true; promptId = null;
});
$('cancel').addEventListener('click', async () => {
  if (!promptId) return;
  await fetch('/simulator/daraja/__sim/prompts/' + promptId + '/cancel', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  $('prompt').hidden = true; promptId = null;
});
function msisdn(p) { const d = p.replace(/\\D/g, ''); return d.startsWith('0') ? '254' + d.slice(1) : d; }
async function poll(initial) {
  const p = phone();
  if (!p) return;
  const messages = await fetch('/playground/messages?phone=' + encodeURIComponent(p)).then((r) => r.ok ? r.json() : []).catch(() => []);
  for (const m of messages) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    if (initial) continue;
    bubble(m.channel === 'whatsapp' ? $('wa') : $('sms'), m.body, false);
  }
  const prompts = await fetch('/simulator/daraja/__sim/prompts?phone=' + msisdn(p)).then((r) => r.ok ? r.json() : []).catch(() => []);
  const open = prompts[0];
  if (open && open.checkoutRequestId !== promptId) {
    promptId = open.checkoutRequestId;
    // The words come from the page, in its language; the figures from the prompt.
    $('promptText').textContent = $('playground').dataset.prompt.replace('{amount}', open.amount.toLocaleString('en-US')).replace('{to}', open.partyB).replace('{account}', open.accountReference);
    $('prompt').hidden = false;
    $('pin').focus();
  } else if (!open && promptId) { $('prompt').hidden = true; promptId = null; }
}
poll(true);
setInterval(() => poll(false), 1000);
`;

function asset(body: string, type: string) {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return { body, type, hash };
}

export const ASSETS = {
  css: asset(CSS, 'text/css; charset=utf-8'),
  live: asset(LIVE_JS, 'text/javascript; charset=utf-8'),
  playground: asset(PLAYGROUND_JS, 'text/javascript; charset=utf-8'),
};

export const assetPath = (name: keyof typeof ASSETS) => `/static/${name}-${ASSETS[name].hash}.${name === 'css' ? 'css' : 'js'}`;
