// The MediaTrust web verifier page. Every string that comes from a file or its manifest is inserted with textContent
// (never parsed as markup), so a manifest cannot inject markup or script (docs/server.md, "Security").

const api = "api/v1";
const list = document.getElementById("list");
const status = document.getElementById("status");
const progress = document.getElementById("progress");
const progressBar = document.getElementById("progress-bar");
const progressLabel = document.getElementById("progress-label");
const template = document.getElementById("result-template");
const filesInput = document.getElementById("files");
const sidecarInput = document.getElementById("sidecar");
const drop = document.getElementById("drop");

let profiles = null;

const axisNames = [
  ["integrity", "Integrity"], ["signature", "Signature"], ["signerTrust", "Signer trust"], ["timeStamp", "Time-stamp"],
  ["revocation", "Revocation"], ["conformance", "Conformance"], ["identity", "Identity (CAWG)"],
  ["source", "Manifest source"],
];

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function post(url, form, onUpload) {
  // XMLHttpRequest reports upload progress; fetch does not.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && onUpload) onUpload(e.loaded / e.total); };
    xhr.upload.onload = () => { if (onUpload) onUpload(1); };
    xhr.onload = () => resolve({ status: xhr.status, type: xhr.getResponseHeader("Content-Type") || "", text: xhr.responseText });
    xhr.onerror = () => reject(new Error("The server could not be reached."));
    xhr.send(form);
  });
}

function showProgress(fraction, file) {
  progress.hidden = false;
  if (fraction < 1) {
    progressLabel.textContent = `Uploading ${file.name}…`;
    progressBar.value = Math.round(fraction * 100);
  } else {
    progressLabel.textContent = `Validating ${file.name}…`;
    progressBar.removeAttribute("value");
  }
}

async function verifyFiles(files) {
  const sidecar = sidecarInput.files[0] || null;
  status.textContent = `Verifying ${files.length} file${files.length === 1 ? "" : "s"}…`;
  let first = null;
  for (const file of files) {
    const form = new FormData();
    form.append("file", file, file.name);
    if (sidecar && files.length === 1) form.append("sidecar", sidecar, sidecar.name);
    let answer;
    try {
      // The page shows thumbnails, so it asks for them inline (the API leaves them out unless asked).
      answer = await post(`${api}/verify?thumbnails`, form, (f) => showProgress(f, file));
    } catch (e) {
      answer = { status: 0, text: JSON.stringify({ title: e.message }) };
    }
    const article = answer.status === 200
      ? renderResult(JSON.parse(answer.text), file, sidecar)
      : renderProblem(file, answer);
    list.prepend(article);
    first = article;
  }
  progress.hidden = true;
  status.textContent = `Done: ${files.length} file${files.length === 1 ? "" : "s"} verified.`;
  if (first) first.querySelector("h3").focus();
}

function renderProblem(file, answer) {
  const article = el("article", null, "result");
  const banner = el("div", null, "banner state-error");
  const box = el("div");
  let problem = {};
  try { problem = JSON.parse(answer.text); } catch { problem = { title: `HTTP ${answer.status}` }; }
  const title = el("h3", problem.title || "Could not be verified", "verdict-title");
  title.tabIndex = -1;
  box.append(title, el("p", file.name, "file-name"), el("p", problem.detail || ""));
  banner.append(box);
  article.append(banner);
  return article;
}

function renderResult(data, file, sidecar) {
  const article = template.content.firstElementChild.cloneNode(true);
  const verdict = data.verdict;
  const banner = article.querySelector(".banner");
  banner.classList.add(`state-${verdict.state}`);
  banner.setAttribute("aria-label", `Verdict: ${verdict.title}`);
  const title = article.querySelector(".verdict-title");
  title.textContent = verdict.title;
  title.tabIndex = -1;
  article.querySelector(".file-name").textContent = file.name;

  const active = (data.manifests || []).find((m) => m.isActive);
  const thumb = article.querySelector(".thumb");
  if (active && active.thumbnail) {
    thumb.src = active.thumbnail;
    thumb.alt = `Thumbnail recorded in the Content Credentials of ${file.name}`;
    thumb.hidden = false;
  }

  const ai = article.querySelector(".ai-badge");
  if (data.ai) {
    ai.textContent = data.ai.kind === "generated" ? "AI-generated" : "AI-edited";
    ai.title = `From ${data.ai.from}: ${data.ai.digitalSourceType}`;
    ai.hidden = false;
  }

  const words = verdict.words || {};
  article.querySelector(".signed-by").textContent = verdict.signer
    ? `${words.signer}, issued by ${verdict.signer.issuer || "an unknown issuer"} — ${words.signerTrust}`
    : verdict.error || "Not signed";
  article.querySelector(".signed-on").textContent = words.signed || "—";
  article.querySelector(".app").textContent = (active && active.app) || "Not stated";

  const axes = article.querySelector(".axes");
  for (const [key, name] of axisNames) {
    if (!words[key]) continue;
    axes.append(el("dt", name), el("dd", words[key]));
  }
  if (!verdict.words) axes.append(el("dt", "Result"), el("dd", verdict.error || verdict.title));
  // CAWG identities (who stands behind the content) and the owner's AI use preferences; text only, never markup.
  for (const identity of words.identities || []) axes.append(el("dt", "Who"), el("dd", identity, "identity"));
  if (words.trainingMining) axes.append(el("dt", "AI use"), el("dd", words.trainingMining));

  const failures = verdict.failures || [];
  if (failures.length > 0) {
    article.querySelector(".findings-section").hidden = false;
    const ul = article.querySelector(".findings");
    for (const f of failures) {
      const li = el("li");
      li.append(el("code", f.code), document.createTextNode(": " + f.explanation));
      if (f.meaning) li.append(el("div", f.meaning, "info"));
      ul.append(li);
    }
  }

  const actions = article.querySelector(".actions");
  for (const a of (active && active.actions) || []) {
    const parts = [a.words];
    if (a.sourceWords) parts.push(`(${a.sourceWords})`);
    if (a.softwareAgent) parts.push(`with ${typeof a.softwareAgent === "string" ? a.softwareAgent : JSON.stringify(a.softwareAgent)}`);
    if (a.when) parts.push(`on ${a.when}`);
    actions.append(el("li", parts.join(" ")));
  }
  if (!actions.children.length) actions.append(el("li", data.manifests ? "No actions recorded." : "No Content Credentials to read."));

  if (active && active.ingredients.length > 0) {
    article.querySelector(".ingredients-section").hidden = false;
    const byLabel = new Map(data.manifests.map((m) => [m.label, m]));
    buildTree(article.querySelector(".tree"), active, byLabel, article.querySelector(".manifest-detail"), new Set([active.label]), 0);
  }

  setupTrust(article, data, file, sidecar);
  if (verdict.state === "no-manifest") setupRecovery(article, file);
  return article;
}

function buildTree(ul, manifest, byLabel, detail, seen, depth) {
  for (const ingredient of manifest.ingredients) {
    const li = el("li");
    li.setAttribute("role", "treeitem");
    const button = el("button", null, "node");
    button.type = "button";
    if (ingredient.thumbnail) {
      const img = el("img");
      img.src = ingredient.thumbnail;
      img.alt = "";
      button.append(img);
    }
    const target = ingredient.manifest ? byLabel.get(ingredient.manifest) : null;
    const state = target ? (target.state === "invalid" ? "invalid" : "valid") : ingredient.recordedStatus || "no Content Credentials";
    button.append(el("span", `${ingredient.title || "(untitled)"} — ${ingredient.relationshipWords}; ${state}`));
    button.addEventListener("click", () => showManifest(detail, ingredient, target));
    li.append(button);
    if (target && !seen.has(target.label) && depth < 16 && target.ingredients.length > 0) {
      const child = el("ul");
      child.setAttribute("role", "group");
      buildTree(child, target, byLabel, detail, new Set([...seen, target.label]), depth + 1);
      li.append(child);
    }
    ul.append(li);
  }
}

function showManifest(detail, ingredient, manifest) {
  detail.replaceChildren();
  detail.hidden = false;
  detail.append(el("h5", `Ingredient: ${ingredient.title || "(untitled)"}`));
  if (!manifest) {
    detail.append(el("p", "This ingredient has no Content Credentials of its own in this file."));
    return;
  }
  const dl = el("dl", null, "axes");
  const rows = [
    ["Manifest", manifest.label], ["State", manifest.state === "invalid" ? "Invalid" : "Valid"],
    ["Signed by", manifest.signer ? `${manifest.signer.commonName || "(no name)"}${manifest.signer.organization ? " (" + manifest.signer.organization + ")" : ""}` : "Not signed"],
    ["Signed on", manifest.time || "Not stated"], ["App or device", manifest.app || "Not stated"],
    ["AI", manifest.ai ? (manifest.ai.kind === "generated" ? "AI-generated" : "AI-edited") : "No AI signal"],
  ];
  for (const [k, v] of rows) dl.append(el("dt", k), el("dd", v));
  for (const who of manifest.identities || []) dl.append(el("dt", "Who"), el("dd", who, "identity"));
  detail.append(dl);
  const ul = el("ul");
  for (const a of manifest.actions) ul.append(el("li", a.words + (a.sourceWords ? ` (${a.sourceWords})` : "")));
  for (const f of manifest.failures) ul.append(el("li", `${f.code}: ${f.explanation}`, "fail"));
  detail.append(ul);
  detail.tabIndex = -1;
  detail.focus();
}

async function loadProfiles() {
  if (!profiles) {
    const response = await fetch(`${api}/profiles`);
    profiles = (await response.json()).profiles;
  }
  return profiles;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function setupTrust(article, data, file, sidecar) {
  const form = article.querySelector(".trust-form");
  const select = form.querySelector("select[name=profile]");
  const lang = form.querySelector("select[name=lang]");
  const pane = article.querySelector(".report");
  const base = file.name.replace(/\.[^.]*$/, "");
  let last = null;

  const fillLanguages = () => {
    const p = profiles.find((x) => x.name === select.value);
    lang.replaceChildren(el("option", "profile default"));
    lang.firstChild.value = "";
    for (const code of (p && p.languages) || []) {
      const option = el("option", code);
      option.value = code;
      lang.append(option);
    }
  };
  try {
    for (const p of await loadProfiles()) {
      const option = el("option", p.title || p.name);
      option.value = p.name;
      select.append(option);
    }
    fillLanguages();
  } catch {
    pane.textContent = "The profile list could not be loaded.";
  }
  select.addEventListener("change", fillLanguages);

  const evaluate = async (format) => {
    const body = new FormData();
    body.append("file", file, file.name);
    if (sidecar) body.append("sidecar", sidecar, sidecar.name);
    const uploaded = form.querySelector("input[name=profile-file]").files[0];
    const query = new URLSearchParams({ format });
    if (uploaded) body.append("profile", uploaded, uploaded.name); else query.set("profile", select.value);
    if (lang.value) query.set("lang", lang.value);
    return post(`${api}/trust?${query}`, body);
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    pane.replaceChildren(el("p", "Evaluating…"));
    const answer = await evaluate("json");
    if (answer.status !== 200) {
      let problem = {};
      try { problem = JSON.parse(answer.text); } catch { /* not JSON */ }
      pane.replaceChildren(el("p", `${problem.title || "Error"}: ${problem.detail || answer.status}`, "fail"));
      return;
    }
    last = answer.text;
    renderReport(pane, JSON.parse(answer.text));
    article.querySelector("[data-download=report-json]").disabled = false;
    article.querySelector("[data-download=report-html]").disabled = false;
  });

  article.querySelector(".downloads").addEventListener("click", async (e) => {
    const kind = e.target.dataset && e.target.dataset.download;
    if (!kind) return;
    if (kind === "reader") download(`${base}.reader.json`, "application/json", JSON.stringify(data.reader ?? null, null, 2));
    if (kind === "crjson") {
      const body = new FormData();
      body.append("file", file, file.name);
      if (sidecar) body.append("sidecar", sidecar, sidecar.name);
      const answer = await post(`${api}/verify?crjson`, body);
      const json = answer.status === 200 ? JSON.parse(answer.text).crjson : null;
      download(`${base}.cr.json`, "application/json", JSON.stringify(json, null, 2));
    }
    if (kind === "report-json" && last) download(`${base}.trust-report.json`, "application/json", last);
    if (kind === "report-html") {
      const answer = await evaluate("html");
      if (answer.status === 200) download(`${base}.trust-report.html`, "text/html", answer.text);
    }
  });
}

function renderReport(pane, report) {
  pane.replaceChildren();
  const meta = report.profile_metadata || report.metadata || report.rubric_metadata || {};
  pane.append(el("p", `${meta.name || "Profile"}${meta.version ? " v" + meta.version : ""}`, "info"));
  const ul = el("ul");
  for (const section of report.statements || report.sections || []) {
    for (const s of section) {
      if (s.title) ul.append(el("li", String(s.title), "info"));
      const mark = s.error ? "!" : s.value === true ? "✔" : s.value === false ? "✘" : "•";
      const css = mark === "✔" ? "pass" : mark === "✘" ? "fail" : mark === "!" ? "err" : "info";
      const li = el("li", null, css);
      li.append(el("span", mark + " "), el("code", s.id));
      if (s.value !== undefined && typeof s.value !== "boolean") li.append(document.createTextNode(" = " + JSON.stringify(s.value)));
      if (s.report_text) li.append(document.createTextNode(" — " + s.report_text));
      if (s.error) li.append(document.createTextNode(` — error ${s.error.kind}: ${s.error.message}`));
      ul.append(li);
    }
  }
  pane.append(ul);
}

// Possible matches (docs/server.md, "Recovering stripped credentials"): a file without credentials can be looked up in the
// server's manifest repository by its fingerprint. Offered only when GET api/v1/recover says the server can search.
let recoverOffer = null;

function recoverOffered() {
  if (!recoverOffer) {
    recoverOffer = fetch(`${api}/recover`)
      .then((r) => (r.ok ? r.json() : { available: false }))
      .catch(() => ({ available: false }));
  }
  return recoverOffer;
}

async function setupRecovery(article, file) {
  const offer = await recoverOffered();
  if (!offer.available) return;
  const section = article.querySelector(".recover-section");
  const button = section.querySelector(".recover-button");
  const state = section.querySelector(".recover-status");
  const ol = section.querySelector(".matches");
  section.hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    ol.replaceChildren();
    state.textContent = `Searching this server's manifest repository for ${file.name}…`;
    const form = new FormData();
    form.append("file", file, file.name);
    let answer;
    try {
      answer = await post(`${api}/recover`, form);
    } catch (e) {
      answer = { status: 0, text: JSON.stringify({ title: e.message }) };
    }
    button.disabled = false;
    let data = {};
    try { data = JSON.parse(answer.text); } catch { data = { title: `HTTP ${answer.status}` }; }
    if (answer.status !== 200) {
      state.textContent = `The search failed: ${data.title || "error"}${data.detail ? " — " + data.detail : ""}`;
      return;
    }
    const matches = data.matches || [];
    state.textContent = matches.length === 0
      ? "No published Content Credentials match this picture."
      : `${matches.length} possible match${matches.length === 1 ? "" : "es"}; ${data.recovered} confirmed by every soft binding.`;
    for (const match of matches) ol.append(renderMatch(match));
  });
}

function renderMatch(match) {
  const li = el("li", null, `match match-${match.accepted ? match.state : "unconfirmed"}`);
  if (typeof match.thumbnail === "string" && match.thumbnail.startsWith("data:image/")) {
    const img = el("img", null, "match-thumb");
    img.src = match.thumbnail;
    img.alt = `Thumbnail recorded in the recovered credentials${match.claimTitle ? " of " + match.claimTitle : ""}`;
    li.append(img);
  } else {
    li.append(el("p", "No thumbnail", "match-thumb match-no-thumb"));
  }
  const body = el("div", null, "match-body");
  body.append(el("h5", match.title, "match-title"));
  const words = match.words || {};
  body.append(el("p", words.found, "match-found"));
  const dl = el("dl", null, "axes");
  const bindings = (match.softBindings || []).map((b) => `${b.alg} ${b.words}`).join("; ");
  const rows = [
    ["Similarity", `${match.similarity} of 100`],
    ["Signed by", words.signer ? `${words.signer} — ${words.signerTrust}` : "Not stated"],
    ["Signed on", words.signed || "Not stated"],
    ["App or device", match.app || "Not stated"],
    ["Title", match.claimTitle || "Not stated"],
    ["Soft bindings", bindings || "None"],
    ["Credentials", words.credentials],
    ["This copy", words.hardBinding],
    ["Manifest", match.manifestId],
  ];
  for (const [k, v] of rows) dl.append(el("dt", k), el("dd", v));
  body.append(dl);
  li.append(body);
  return li;
}

drop.addEventListener("click", () => filesInput.click());
drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); filesInput.click(); } });
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (e.dataTransfer.files.length) verifyFiles([...e.dataTransfer.files]);
});
filesInput.addEventListener("change", () => { if (filesInput.files.length) verifyFiles([...filesInput.files]); });
