import { createHash } from 'node:crypto';

/**
 * The page served at `/`: jobs with their status and live logs (server-sent events), the
 * registered models with their metrics, and a form to launch a component. Plain HTML and script,
 * no build step; every value from the API is inserted as text, never as markup. The page itself
 * holds no data: it asks for the API token once, keeps it in session storage (gone with the
 * tab), and sends it with every request, the live log included (a streamed fetch, since
 * EventSource cannot send headers).
 */
export const WEB_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mesh · Training API</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
  header { background: #1d2330; color: #fff; padding: 10px 20px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; }
  main { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 20px; }
  section { background: #fff; border: 1px solid #dde1e8; border-radius: 6px; padding: 12px; }
  h2 { font-size: 14px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eef0f3; white-space: nowrap; }
  tr[data-id] { cursor: pointer; } tr.selected { background: #eef4ff; }
  .status { font-weight: 600; } .succeeded { color: #1a7f37; } .failed { color: #cf222e; }
  .cancelled { color: #6e7781; } .running, .submitting, .submitted, .queued { color: #9a6700; }
  #log { background: #0d1117; color: #e6edf3; font: 12px/1.4 ui-monospace, monospace; height: 320px; overflow: auto; padding: 8px; white-space: pre-wrap; margin: 0; }
  .stderr { color: #ff938a; } .system { color: #8b949e; }
  form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
  label { display: flex; flex-direction: column; font-size: 12px; gap: 2px; }
  #message { margin-top: 8px; min-height: 1.4em; } .error { color: #cf222e; }
  .wide { grid-column: 1 / -1; }
  [hidden] { display: none !important; }
  #openapi { color: #9ecbff; } header form label { flex-direction: row; align-items: center; gap: 6px; }
  #pager { display: flex; gap: 8px; margin-top: 8px; align-items: center; }
</style>
</head>
<body>
<header><h1>mesh · Training API</h1><span id="health"></span><a id="openapi" href="/openapi.json">OpenAPI</a>
<form id="login"><label>API token <input id="token" type="password" autocomplete="off" size="24"></label><button id="sign-in" type="submit">Use token</button></form>
<button id="sign-out" hidden>Forget token</button></header>
<main>
  <section class="wide">
    <h2>Launch a component</h2>
    <form id="launch">
      <label>Component <select id="component"></select></label>
      <label>Backend <select id="backend">
        <option>local</option><option>docker</option><option>kubernetes</option><option>vertex</option>
      </select></label>
      <label>Settings (KEY=VALUE per line) <textarea id="settings" rows="2" cols="30"></textarea></label>
      <button id="submit" type="submit">Launch</button>
    </form>
    <div id="message"></div>
  </section>
  <section>
    <h2>Jobs</h2>
    <table id="jobs"><thead><tr><th>Name</th><th>Backend</th><th>Status</th><th>Created</th><th>Exit</th></tr></thead><tbody></tbody></table>
    <div id="pager"><button id="newest" type="button">Newest</button><button id="older" type="button">Older jobs</button><span id="page-info"></span></div>
  </section>
  <section>
    <h2>Log <span id="log-title"></span></h2>
    <pre id="log"></pre>
  </section>
  <section class="wide">
    <h2>Registered models</h2>
    <table id="models"><thead><tr><th>Version</th><th>Created</th><th>Aliases</th><th>Metrics</th><th>Report</th></tr></thead><tbody></tbody></table>
  </section>
</main>
<script>
"use strict";
const $ = (selector) => document.querySelector(selector);
// The token lives in session storage only: asked once per tab, never written to disk by the page.
let token = sessionStorage.getItem("mesh-token") || "";
let selected = null;
let logStream = null;
// Cursors of the pages shown: [] is the newest page; "Older" pushes the next one.
const pages = [];
let nextCursor = null;

function showLogin(reason) {
  $("#login").hidden = false;
  $("#sign-out").hidden = true;
  if (reason) say(reason, true);
  $("#token").focus();
}

$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  token = $("#token").value.trim();
  sessionStorage.setItem("mesh-token", token);
  $("#token").value = "";
  $("#login").hidden = true;
  $("#sign-out").hidden = false;
  say("");
  refresh();
});
$("#sign-out").addEventListener("click", () => {
  token = "";
  sessionStorage.removeItem("mesh-token");
  showLogin("");
});

/** fetch with the token; a 401 or 403 asks for the token again. */
async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { ...(options.headers || {}), ...(token ? { authorization: "Bearer " + token } : {}) },
  });
  if (response.status === 401 || response.status === 403) {
    const body = await response.json().catch(() => ({}));
    showLogin(response.status + ": " + (body.message || "the API refused the token"));
    throw new Error("unauthorised");
  }
  return response;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function say(text, isError) {
  const message = $("#message");
  message.textContent = text;
  message.className = isError ? "error" : "";
}

async function loadHealth() {
  const health = await (await api("/health")).json();
  $("#health").textContent = Object.entries(health.backends || {})
    .map(([name, state]) => name + (state.available ? " ✓" : " ✗")).join("  ");
}

async function loadComponents() {
  const components = await (await api("/projects")).json();
  const select = $("#component");
  select.replaceChildren();
  for (const item of components) {
    const option = document.createElement("option");
    option.value = item.project + "/" + item.component;
    option.textContent = item.project + " / " + item.component;
    select.appendChild(option);
  }
}

async function loadJobs() {
  const cursor = pages[pages.length - 1];
  const response = await api("/jobs?limit=50" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
  const jobs = await response.json();
  nextCursor = response.headers.get("x-next-cursor");
  $("#older").disabled = !nextCursor;
  $("#newest").disabled = pages.length === 0;
  $("#page-info").textContent = "page " + (pages.length + 1);
  const body = $("#jobs tbody");
  body.replaceChildren();
  for (const job of jobs) {
    const row = document.createElement("tr");
    row.dataset.id = job.id;
    if (job.id === selected) row.className = "selected";
    cell(row, job.name);
    cell(row, job.backend);
    cell(row, job.status + (job.dryRun ? " (dry run)" : ""), "status " + job.status);
    cell(row, job.createdAt.replace("T", " ").slice(0, 19));
    cell(row, job.exitCode);
    row.addEventListener("click", () => showLog(job.id, job.name));
    body.appendChild(row);
  }
}
$("#older").addEventListener("click", () => { if (nextCursor) { pages.push(nextCursor); loadJobs(); } });
$("#newest").addEventListener("click", () => { pages.length = 0; loadJobs(); });

async function loadModels() {
  const versions = await (await api("/models")).json();
  const body = $("#models tbody");
  body.replaceChildren();
  for (const version of versions.slice().reverse()) {
    const row = document.createElement("tr");
    row.dataset.version = version.id;
    cell(row, version.id);
    cell(row, version.createdAt.replace("T", " ").slice(0, 19));
    cell(row, version.aliases.join(", "));
    cell(row, Object.entries(version.metrics)
      .map(([name, value]) => name + "=" + (typeof value === "number" ? value.toFixed(4) : value)).join("  "));
    const link = document.createElement("a");
    link.href = "/models/" + encodeURIComponent(version.id) + "/report.html";
    link.textContent = "report.html";
    // A navigation cannot send the token: ask for a one-time link, then follow it.
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      const response = await api("/models/" + encodeURIComponent(version.id) + "/report-link", { method: "POST" });
      if (response.ok) location.href = (await response.json()).url;
    });
    row.insertCell().appendChild(link);
    body.appendChild(row);
  }
}

/** Follows a job's server-sent events over fetch (so the token goes in a header). */
async function showLog(id, name) {
  selected = id;
  if (logStream) logStream.abort();
  const stream = new AbortController();
  logStream = stream;
  const log = $("#log");
  log.replaceChildren();
  $("#log-title").textContent = name;
  loadJobs();
  try {
    const response = await api("/jobs/" + encodeURIComponent(id) + "/logs?follow=true", { signal: stream.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\\n\\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = (/^event: (.*)$/m.exec(block) || [])[1];
        const data = (/^data: (.*)$/m.exec(block) || [])[1];
        if (type === "log" && data) {
          const entry = JSON.parse(data);
          const line = document.createElement("div");
          line.className = entry.stream;
          line.textContent = entry.at.slice(11, 19) + " " + entry.line;
          log.appendChild(line);
          log.scrollTop = log.scrollHeight;
        } else if (type === "end") {
          loadJobs();
          loadModels();
        }
      }
    }
  } catch (error) {
    if (error.name !== "AbortError" && error.message !== "unauthorised") say(String(error), true);
  }
}

$("#launch").addEventListener("submit", async (event) => {
  event.preventDefault();
  const [project, component] = $("#component").value.split("/");
  const settings = {};
  for (const line of $("#settings").value.split("\\n")) {
    const at = line.indexOf("=");
    if (at > 0) settings[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const response = await api("/train", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ project, component, backend: $("#backend").value, settings }),
  });
  const body = await response.json();
  if (!response.ok) return say(response.status + ": " + body.message, true);
  say("Launched " + body.name + " (" + body.id + ")");
  showLog(body.id, body.name);
});

const quietly = (promise) => promise.catch(() => undefined);
function refresh() {
  quietly(loadHealth());
  quietly(loadComponents());
  quietly(loadJobs());
  quietly(loadModels());
}
if (token) {
  $("#login").hidden = true;
  $("#sign-out").hidden = false;
  refresh();
} else showLogin("");
// Only the newest page refreshes by itself; older pages stay put while read.
setInterval(() => { if (token && pages.length === 0) quietly(loadJobs()); }, 2000);
setInterval(() => { if (token) quietly(loadModels()); }, 5000);
</script>
</body>
</html>
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const inline = (tag: string) =>
  [...WEB_PAGE.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) =>
    hash(match[1]),
  );

/**
 * Headers of the page: a Content-Security-Policy that runs only its own inline script and
 * style (by hash) and talks only to this origin, no framing, no MIME sniffing, no referrer.
 */
export const WEB_PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    `script-src ${inline('script').join(' ')}`,
    `style-src ${inline('style').join(' ')}`,
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
