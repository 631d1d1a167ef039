// The API docs page: renders /openapi.json with text nodes and lets a reader try each call
// against this server. Served locally, like every other asset (no CDN, works offline).
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

function resolve(spec, schema) {
  let s = schema || {};
  for (let i = 0; s.$ref && i < 10; i++) {
    s = s.$ref.split("/").slice(1).reduce((o, k) => (o || {})[k], spec) || {};
  }
  return s;
}

function typeOf(spec, schema) {
  const s = resolve(spec, schema);
  if (s.anyOf) return s.anyOf.map((x) => typeOf(spec, x)).join(" | ");
  if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join(" | ");
  let t = s.type || (s.properties ? "object" : "any");
  if (t === "array") t = `array of ${typeOf(spec, s.items)}`;
  if (s.format) t += ` (${s.format})`;
  if (s.pattern) t += ` matching ${s.pattern}`;
  const bounds = [];
  if (s.minimum !== undefined) bounds.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) bounds.push(`≤ ${s.maximum}`);
  if (s.minLength !== undefined) bounds.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) bounds.push(`length ≤ ${s.maxLength}`);
  return bounds.length ? `${t}, ${bounds.join(", ")}` : t;
}

function tryForm(method, path, op) {
  const params = op.parameters || [];
  const inputs = {};
  const out = el("pre", {class: "doctext small"});
  const fields = params.map((p) => {
    const input = el("input", {name: p.name, placeholder: p.required ? "required" : "",
                               value: p.schema && p.schema.default !== undefined &&
                                 p.schema.default !== null ? p.schema.default : ""});
    inputs[p.name] = [p.in, input];
    return el("label", {}, `${p.name} `, input);
  });
  let body = null;
  const json = op.requestBody && op.requestBody.content &&
    op.requestBody.content["application/json"];
  if (json) {
    body = el("textarea", {rows: 4, name: "body"}, "{}");
    fields.push(el("label", {}, "JSON body ", body));
  }
  if (method !== "get" && !json) return null;  // uploads: use the dashboard's form
  const form = el("form", {class: "controls"}, fields, el("button", {type: "submit"}, "Try"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const [name, [where, input]] of Object.entries(inputs)) {
      if (where === "path") url = url.replace(`{${name}}`, encodeURIComponent(input.value));
      else if (input.value !== "") query.set(name, input.value);
    }
    if (query.toString()) url += `?${query}`;
    out.textContent = "…";
    const init = {method: method.toUpperCase(), credentials: "same-origin",
                  headers: {Accept: "application/json"}};
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = body.value;
    }
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 1); } catch (err) { shown = text; }
      out.textContent = `${response.status} ${url}\n${shown.slice(0, 20000)}`;
    } catch (err) {
      out.textContent = String(err);
    }
  });
  return el("div", {}, form, out);
}

async function render() {
  const box = document.getElementById("endpoints");
  let spec;
  try {
    const response = await fetch("/openapi.json", {credentials: "same-origin"});
    spec = await response.json();
  } catch (err) {
    box.replaceChildren(el("p", {class: "error"}, `Cannot load /openapi.json: ${err}`));
    return;
  }
  const sections = [];
  sections.push(el("p", {class: "muted"}, `${spec.info.title} ${spec.info.version} — ` +
    `OpenAPI ${spec.openapi}. ${spec.info.summary || ""}`));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map((p) => el("tr", {},
        el("td", {}, el("code", {}, p.name)), el("td", {}, p.in),
        el("td", {}, typeOf(spec, p.schema)), el("td", {}, p.required ? "yes" : ""),
        el("td", {}, p.description || (p.schema && p.schema.description) || "")));
      let bodyInfo = null;
      const content = op.requestBody && op.requestBody.content;
      if (content) {
        bodyInfo = Object.entries(content).map(([type, media]) => {
          const schema = resolve(spec, media.schema);
          const props = Object.entries(schema.properties || {}).map(([name, prop]) =>
            el("li", {}, el("code", {}, name), `: ${typeOf(spec, prop)}` +
              ((schema.required || []).includes(name) ? " (required)" : "") +
              (resolve(spec, prop).description ? ` — ${resolve(spec, prop).description}` : "")));
          return el("div", {}, el("p", {}, "Body ", el("code", {}, type)), el("ul", {}, props));
        });
      }
      const responses = Object.keys(op.responses || {}).join(", ");
      sections.push(el("section", {class: "panel", id: `${method}-${path}`},
        el("h2", {}, el("code", {}, `${method.toUpperCase()} ${path}`), ` ${op.summary || ""}`),
        op.description ? el("p", {}, op.description) : null,
        params.length ? el("div", {class: "scroll"}, el("table", {},
          el("thead", {}, el("tr", {}, ["name", "in", "type", "required", "about"].map((x) =>
            el("th", {}, x)))), el("tbody", {}, params))) : null,
        bodyInfo, el("p", {class: "small muted"}, `Responses: ${responses}`),
        tryForm(method, path, op)));
    }
  }
  box.replaceChildren(...sections);
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", render);
