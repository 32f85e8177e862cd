// /api/docs: the OpenAPI document as a page to read, shipped with the app (no CDN, no build step): each
// route with its summary, the JSON Schema of its body, its answers and a curl line to copy.
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>RentEase Bot admin API</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2630; background: #f6f7f9; }
  header { background: #0b6e4f; color: #fff; padding: 16px 20px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; opacity: .9; font-size: 14px; }
  main { max-width: 960px; margin: 0 auto; padding: 16px; }
  section { background: #fff; border: 1px solid #dfe3e8; border-radius: 8px; margin: 10px 0; padding: 12px 14px; }
  .line { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
  .method { font: 600 12px ui-monospace, monospace; text-transform: uppercase; padding: 2px 8px; border-radius: 4px; color: #fff; }
  .get { background: #2c6fbb; } .post { background: #0b6e4f; } .patch { background: #a86500; } .delete { background: #b3261e; }
  code, pre { font: 13px ui-monospace, monospace; }
  pre { background: #f0f2f5; padding: 10px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  details summary { cursor: pointer; color: #2c6fbb; margin-top: 6px; }
  ul.answers { margin: 6px 0 0; padding-left: 18px; }
  label { font-size: 14px; }
  input { font: inherit; padding: 4px 6px; width: min(420px, 100%); }
</style>
</head>
<body>
<header><h1>RentEase Bot admin API</h1><p id="intro">Loading /api/openapi.json …</p></header>
<main>
  <p><label>Your token, to fill in the curl lines (kept in this tab only): <input id="token" placeholder="ADMIN_API_TOKEN" autocomplete="off"></label></p>
  <div id="routes"></div>
</main>
<script>
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('rentease-token') || '';
let doc;
function curl(method, path, op) {
  const token = tokenInput.value || '$ADMIN_API_TOKEN';
  const base = doc.servers[0].url;
  const example = op.requestBody?.content['application/json'].example;
  const query = op['x-example-query'] ? '?' + new URLSearchParams(op['x-example-query']).toString() : '';
  const url = base + path.replace('{id}', '<id>').replace('{chargeId}', '<chargeId>') + query;
  let line = "curl -X " + method.toUpperCase() + " '" + url + "' -H 'Authorization: Bearer " + token + "'";
  if (example) line += " -H 'Content-Type: application/json' -d '" + JSON.stringify(example) + "'";
  return line;
}
function render() {
  const out = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = op.requestBody ? '<details><summary>Body (JSON Schema)</summary><pre>' + esc(JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)) + '</pre></details>' : '';
      const query = op.parameters.filter((p) => p.in === 'query').map((p) => '<code>' + esc(p.name) + '</code>').join(', ');
      const answers = Object.entries(op.responses).map(([status, r]) => '<li><code>' + esc(status) + '</code> ' + esc(r.description) + '</li>').join('');
      out.push('<section><div class="line"><span class="method ' + method + '">' + method + '</span><code>' + esc(path) + '</code></div><p>' + esc(op.summary) + (query ? ' Query: ' + query + '.' : '') + '</p>' + body + '<ul class="answers">' + answers + '</ul><pre>' + esc(curl(method, path, op)) + '</pre></section>');
    }
  }
  document.getElementById('routes').innerHTML = out.join('');
}
tokenInput.addEventListener('input', () => { sessionStorage.setItem('rentease-token', tokenInput.value); if (doc) render(); });
fetch('openapi.json').then((r) => r.json()).then((d) => { doc = d; document.getElementById('intro').textContent = d.info.description; render(); })
  .catch(() => { document.getElementById('intro').textContent = 'Could not load /api/openapi.json'; });
</script>
</body>
</html>
`;
