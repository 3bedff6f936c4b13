/**
 * The page served at `/`: jobs with their status and live logs (server-sent events), the
 * registered models with their metrics, and a form to launch a component. Plain HTML and script,
 * no build step; every value from the API is inserted as text, never as markup.
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
</style>
</head>
<body>
<header><h1>mesh · Training API</h1><span id="health"></span><a href="/openapi.json" style="color:#9ecbff">OpenAPI</a></header>
<main>
  <section class="wide">
    <h2>Launch a component</h2>
    <form id="launch">
      <label>API token <input id="token" type="password" autocomplete="off" size="24"></label>
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
const token = $("#token");
token.value = localStorage.getItem("mesh-token") || "";
token.addEventListener("change", () => localStorage.setItem("mesh-token", token.value));
let selected = null;
let source = null;

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
  const health = await (await fetch("/health")).json();
  $("#health").textContent = Object.entries(health.backends)
    .map(([name, state]) => name + (state.available ? " ✓" : " ✗")).join("  ");
}

async function loadComponents() {
  const components = await (await fetch("/projects")).json();
  const select = $("#component");
  for (const item of components) {
    const option = document.createElement("option");
    option.value = item.project + "/" + item.component;
    option.textContent = item.project + " / " + item.component;
    select.appendChild(option);
  }
}

async function loadJobs() {
  const jobs = await (await fetch("/jobs?limit=50")).json();
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

async function loadModels() {
  const versions = await (await fetch("/models")).json();
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
    row.insertCell().appendChild(link);
    body.appendChild(row);
  }
}

function showLog(id, name) {
  selected = id;
  if (source) source.close();
  const log = $("#log");
  log.replaceChildren();
  $("#log-title").textContent = name;
  source = new EventSource("/jobs/" + encodeURIComponent(id) + "/logs?follow=true");
  source.addEventListener("log", (event) => {
    const entry = JSON.parse(event.data);
    const line = document.createElement("div");
    line.className = entry.stream;
    line.textContent = entry.at.slice(11, 19) + " " + entry.line;
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
  });
  source.addEventListener("end", () => { source.close(); loadJobs(); loadModels(); });
  loadJobs();
}

$("#launch").addEventListener("submit", async (event) => {
  event.preventDefault();
  localStorage.setItem("mesh-token", token.value);
  const [project, component] = $("#component").value.split("/");
  const settings = {};
  for (const line of $("#settings").value.split("\\n")) {
    const at = line.indexOf("=");
    if (at > 0) settings[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const response = await fetch("/train", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer " + token.value },
    body: JSON.stringify({ project, component, backend: $("#backend").value, settings }),
  });
  const body = await response.json();
  if (!response.ok) return say(response.status + ": " + body.message, true);
  say("Launched " + body.name + " (" + body.id + ")");
  showLog(body.id, body.name);
});

loadHealth();
loadComponents();
loadJobs();
loadModels();
setInterval(loadJobs, 2000);
setInterval(loadModels, 5000);
</script>
</body>
</html>
`;
