// The multipolar dashboard: plain JavaScript and SVG over the JSON API, nothing fetched
// from elsewhere. Every piece of text from the store is added as a text node (never as
// HTML), and links are built only from codes and ids, so a report's markup stays text.
"use strict";

const QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
               4: "material conflict"};
const BLOC_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                      "#8c564b", "#e377c2", "#bcbd22", "#7f7f7f"];
const SVGNS = "http://www.w3.org/2000/svg";

// -- building blocks --------------------------------------------------------------------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function path(...parts) {
  return "/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
}

function withQuery(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const text = q.toString();
  return text ? `${base}?${text}` : base;
}

async function api(base, params) {
  const response = await fetch(withQuery(base, params), {
    credentials: "same-origin", headers: {Accept: "application/json"}});
  return answer(response);
}

async function answer(response) {
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `HTTP ${response.status}`;
    const err = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
    err.status = response.status;
    throw err;
  }
  return body;
}

function main() { return document.getElementById("main"); }
function params() { return new URLSearchParams(location.search); }
function fmt(x, digits = 2) {
  return x === null || x === undefined ? "–" : Number(x).toFixed(digits);
}
function signed(x, digits = 2) {
  if (x === null || x === undefined) return "–";
  return (x > 0 ? "+" : "") + Number(x).toFixed(digits);
}
function error(message) { return h("p", {class: "error", role: "alert"}, message); }
function quadBadge(q) {
  return h("span", {class: `badge q${q}`, title: QUADS[q] || ""}, QUADS[q] || "?");
}
function safeUrl(url) { return /^https?:\/\//i.test(url || "") ? url : null; }
function table(headers, rows, cls) {
  return h("div", {class: "scroll"}, h("table", {class: cls || ""},
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {scope: "col"}, x)))),
    h("tbody", {}, rows)));
}

function rangeForm(from, to, onApply, extra) {
  const f = h("input", {type: "date", id: "from", name: "from", value: from || ""});
  const t = h("input", {type: "date", id: "to", name: "to", value: to || ""});
  const form = h("form", {class: "controls", id: "range"},
    h("label", {}, "From ", f), h("label", {}, "To ", t), extra || null,
    h("button", {type: "submit"}, "Apply"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    onApply(f.value, t.value, form);
  });
  return form;
}

function setQuery(values) {
  const q = params();
  for (const [k, v] of Object.entries(values)) { if (v) q.set(k, v); else q.delete(k); }
  const text = q.toString();
  history.replaceState(null, "", location.pathname + (text ? "?" + text : ""));
}

// -- overview ---------------------------------------------------------------------------
async function overview() {
  const root = main();
  const stats = await api("/api/stats");
  root.replaceChildren(h("h1", {}, "The international system"),
    h("p", {class: "muted"}, `${stats.documents} reports, ${stats.events} events, ` +
      `${stats.stories} story events, ${stats.quotes} quotes in the store.`));
  if (!stats.stories) {
    root.append(h("p", {}, "No story events yet: read and code reports with ",
      h("code", {}, "multipolar run"), " or ", h("a", {href: "/read"}, "add reports"), "."));
    return;
  }
  const q = params();
  const body = h("div", {id: "overview-body"});
  root.append(rangeForm(q.get("from") || stats.first, q.get("to") || stats.last,
    (from, to) => { setQuery({from, to}); draw(from, to); }), body);

  async function draw(from, to) {
    body.replaceChildren(h("p", {class: "muted"}, "Computing blocs…"));
    let pic, located, centres;
    try {
      // The map panel is extra: if its data fails, the overview still shows.
      [pic, located, centres] = await Promise.all([api("/api/poles", {from, to}),
        api("/api/places", {from, to, per_place: 12, limit: 500}).catch(() => null),
        countryCentres()]);
    } catch (e) {
      body.replaceChildren(error(e.message));
      return;
    }
    const map = located && located.located ? eventMap(located, centres, WORLD, true) : null;
    const balance = pic.balance === null ? "n/a" : fmt(pic.balance);
    body.replaceChildren(
      h("div", {class: "cards"},
        card("Effective poles", fmt(pic.poles), "1 / Σ bloc share²"),
        card("Blocs", pic.blocs.length, `${pic.actors.length} actors`),
        card("Structural balance", balance, `${pic.triangles} signed triangles`),
        card("Dyadic story events", pic.events, `${pic.start} to ${pic.end}`)),
      h("div", {class: "grid"},
        h("section", {class: "panel wide"}, h("h2", {}, "Network of relations"),
          h("p", {class: "muted small"}, "Actors coloured by bloc; green ties cooperate, red " +
            "ties clash, thicker ties have more story events. Click a tie or an actor."),
          network(pic), legend()),
        h("section", {class: "panel"}, h("h2", {}, "Blocs"), blocList(pic)),
        h("section", {class: "panel"}, h("h2", {}, "Most active dyads"), topDyads(pic)),
        h("section", {class: "panel wide"}, h("h2", {}, "Poles and balance over time"),
          trend(pic.windows)),
        located ? h("section", {class: "panel wide", id: "overview-map"},
          h("h2", {}, "Where events happened"),
          h("p", {class: "muted small"}, `${located.located} of the ${located.total} events ` +
            "in the period have a place. ", h("a", {href: withQuery("/map", {from, to}),
            id: "open-map"}, "Open the map")),
          map || h("p", {class: "muted"}, "No event in this period has a place."),
          map ? quadLegend() : null) : null));
    if (map) map.render();
  }
  await draw(q.get("from") || stats.first, q.get("to") || stats.last);
}

function card(label, value, note) {
  return h("div", {class: "card"}, h("div", {class: "label"}, label),
    h("div", {class: "value"}, String(value)), h("div", {class: "note"}, note));
}

function legend() {
  return h("p", {class: "legend small"},
    h("span", {class: "swatch coop"}), " cooperation ",
    h("span", {class: "swatch conflict"}), " conflict");
}

function blocOf(pic) {
  const of = {};
  pic.blocs.forEach((bloc, i) => bloc.forEach((code) => { of[code] = i; }));
  return of;
}

function blocList(pic) {
  if (!pic.blocs.length) return h("p", {class: "muted"}, "No blocs in this period.");
  return h("ol", {class: "blocs"}, pic.blocs.map((bloc, i) =>
    h("li", {},
      h("span", {class: "dot", "data-colour": i % BLOC_COLOURS.length}),
      ` ${Math.round((pic.bloc_weights[i] || 0) * 100)}% of activity: `,
      bloc.map((code, j) => [j ? ", " : "", h("a", {href: path("actor", code)}, code)]))));
}

function topDyads(pic) {
  const edges = [...pic.edges].sort((a, b) => b.events - a.events || a.a.localeCompare(b.a));
  if (!edges.length) return h("p", {class: "muted"}, "No ties in this period.");
  return h("ul", {class: "dyads"}, edges.slice(0, 12).map((e) =>
    h("li", {},
      h("a", {href: path("dyad", e.a, e.b), class: "dyad-link", "data-dyad": `${e.a}-${e.b}`},
        `${e.a} – ${e.b}`),
      ` ${e.events} story events: ${e.coop} cooperative, ${e.conflict} conflictual`)));
}

function layout(pic, W, H) {
  const of = blocOf(pic);
  const pos = {};
  const B = Math.max(pic.blocs.length, 1);
  const R = B > 1 ? Math.min(W, H) * 0.3 : 0;
  const groups = pic.blocs.length ? pic.blocs : [pic.actors];
  const loose = pic.actors.filter((a) => of[a] === undefined);
  groups.forEach((bloc, i) => {
    const angle = (2 * Math.PI * i) / B - Math.PI / 2;
    const bx = W / 2 + R * Math.cos(angle) * 1.3;
    const by = H / 2 + R * Math.sin(angle);
    const r = bloc.length > 1 ? Math.min(W, H) * (0.05 + 0.025 * Math.sqrt(bloc.length)) : 0;
    bloc.forEach((code, j) => {
      const t = (2 * Math.PI * j) / bloc.length + angle;
      pos[code] = [bx + r * Math.cos(t), by + r * Math.sin(t)];
    });
  });
  loose.forEach((code, j) => {
    const t = (2 * Math.PI * j) / Math.max(loose.length, 1);
    pos[code] = [W / 2 + W * 0.45 * Math.cos(t), H / 2 + H * 0.42 * Math.sin(t)];
  });
  // A short relaxation pushes overlapping labels apart while keeping the blocs grouped.
  const codes = Object.keys(pos);
  for (let it = 0; it < 120; it++) {
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const p = pos[codes[i]], q = pos[codes[j]];
        let dx = p[0] - q[0], dy = p[1] - q[1];
        const d2 = dx * dx + dy * dy || 0.01;
        if (d2 > 3600) continue;
        const f = 60 / d2;
        dx *= f; dy *= f;
        p[0] += dx; p[1] += dy; q[0] -= dx; q[1] -= dy;
      }
    }
    for (const c of codes) {
      pos[c][0] = Math.min(W - 40, Math.max(40, pos[c][0]));
      pos[c][1] = Math.min(H - 25, Math.max(25, pos[c][1]));
    }
  }
  return pos;
}

function network(pic) {
  const W = 900, H = 560;
  const pos = layout(pic, W, H);
  const of = blocOf(pic);
  const weight = {};
  for (const e of pic.edges) {
    weight[e.a] = (weight[e.a] || 0) + e.events;
    weight[e.b] = (weight[e.b] || 0) + e.events;
  }
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "network", role: "img",
                        "aria-label": "Network of actors coloured by bloc"});
  for (const e of pic.edges) {
    if (!pos[e.a] || !pos[e.b]) continue;
    const kind = e.score >= 0 ? "coop" : "conflict";
    svg.append(s("a", {href: path("dyad", e.a, e.b)},
      s("line", {x1: pos[e.a][0], y1: pos[e.a][1], x2: pos[e.b][0], y2: pos[e.b][1],
                 class: `edge ${kind}`, "stroke-width": 1 + Math.log2(1 + e.events) * 1.5,
                 "data-dyad": `${e.a}-${e.b}`},
        s("title", {}, `${e.a} – ${e.b}: ${e.events} story events, ${e.coop} cooperative, ` +
          `${e.conflict} conflictual (score ${fmt(e.score)})`))));
  }
  for (const code of pic.actors) {
    if (!pos[code]) continue;
    const [x, y] = pos[code];
    const bloc = of[code];
    const colour = bloc === undefined ? "#999" : BLOC_COLOURS[bloc % BLOC_COLOURS.length];
    const r = 5 + 2 * Math.sqrt(weight[code] || 1);
    svg.append(s("a", {href: path("actor", code), class: "node"},
      s("circle", {cx: x, cy: y, r, fill: colour, "data-actor": code},
        s("title", {}, `${code}${bloc === undefined ? "" : ", bloc " + (bloc + 1)}`)),
      s("text", {x, y: y - r - 4, "text-anchor": "middle", class: "label"}, code)));
  }
  return svg;
}

function trend(windows) {
  const wins = (windows || []).filter((w) => w.end);
  if (wins.length < 2) return h("p", {class: "muted"}, "Too few windows for a trend.");
  const W = 900, H = 260, L = 44, R = 44, T = 16, B = 40;
  const maxPoles = Math.max(2, ...wins.map((w) => w.poles || 0));
  const x = (i) => L + (i * (W - L - R)) / (wins.length - 1);
  const yp = (v) => H - B - (v / maxPoles) * (H - T - B);
  const yb = (v) => H - B - v * (H - T - B);
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "trend", role: "img",
                        "aria-label": "Effective number of poles and structural balance"});
  svg.append(s("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis"}));
  svg.append(s("line", {x1: L, y1: T, x2: L, y2: H - B, class: "axis"}));
  svg.append(s("line", {x1: W - R, y1: T, x2: W - R, y2: H - B, class: "axis"}));
  for (const v of [0, maxPoles / 2, maxPoles]) {
    svg.append(s("text", {x: L - 6, y: yp(v) + 4, "text-anchor": "end", class: "tick poles"},
      fmt(v, 1)));
  }
  for (const v of [0, 0.5, 1]) {
    svg.append(s("text", {x: W - R + 6, y: yb(v) + 4, class: "tick balance"}, fmt(v, 1)));
  }
  const every = Math.max(1, Math.ceil(wins.length / 8));
  wins.forEach((w, i) => {
    if (i % every === 0 || i === wins.length - 1) {
      svg.append(s("text", {x: x(i), y: H - B + 16, "text-anchor": "middle", class: "tick"},
        (w.start || "").slice(0, wins.length > 12 ? 4 : 7)));
    }
  });
  const series = (key, y, cls) => {
    let run = [];
    const flush = () => {
      if (run.length > 1) svg.append(s("polyline", {points: run.join(" "), class: `line ${cls}`}));
      run = [];
    };
    wins.forEach((w, i) => {
      const v = w[key];
      if (v === null || v === undefined || (key === "poles" && !w.events)) { flush(); return; }
      run.push(`${x(i)},${y(v)}`);
      svg.append(s("circle", {cx: x(i), cy: y(v), r: 3, class: `pt ${cls}`},
        s("title", {}, `${w.start} to ${w.end}: ${key} ${fmt(v)} (${w.events} events)`)));
    });
    flush();
  };
  series("poles", yp, "poles");
  series("balance", yb, "balance");
  return h("div", {}, svg, h("p", {class: "legend small"},
    h("span", {class: "swatch poles"}), " effective number of poles (left axis) ",
    h("span", {class: "swatch balance"}), " structural balance (right axis, 0–1)"));
}

// -- map --------------------------------------------------------------------------------
// Located events on a plain equirectangular projection: a graticule and faint country
// centres (from the packaged gazetteer, via the API) for orientation; no tiles, no outlines.
const WORLD = [-180, -56, 180, 84];  // west, south, east, north
const REGIONS = [
  ["", "World", null],
  ["europe", "Europe", [-25, 34, 45, 71]],
  ["mena", "Middle East and North Africa", [-18, 12, 63, 43]],
  ["africa", "Africa", [-20, -36, 55, 38]],
  ["east-asia", "East Asia", [95, 15, 150, 55]],
  ["south-asia", "South and Central Asia", [45, 0, 100, 55]],
  ["southeast-asia", "Southeast Asia and Australia", [90, -48, 180, 25]],
  ["americas", "The Americas", [-170, -56, -30, 75]],
  ["pacific", "Pacific (across 180°)", [120, -50, -120, 30]],
];
let centresPromise = null;

function countryCentres() {
  // Fetched once per page; a failure leaves the map without orientation dots, not broken.
  if (!centresPromise) {
    centresPromise = api("/api/places/countries").then((r) => r.items, () => []);
  }
  return centresPromise;
}

function lonSpan(w, e) { const d = e - w; return d > 0 ? d : d + 360; }
function wrapLon(d) { return ((((d + 180) % 360) + 360) % 360) - 180; }

// The view that shows every place (and a country's centre), padded, at least 8° across.
function fitExtent(places, extra) {
  const pts = places.map((p) => [p.lon, p.lat]).concat(extra ? [extra] : []);
  if (!pts.length) return WORLD;
  let w = Math.min(...pts.map((p) => p[0])), e = Math.max(...pts.map((p) => p[0]));
  let so = Math.min(...pts.map((p) => p[1])), n = Math.max(...pts.map((p) => p[1]));
  const padX = Math.max(2, (e - w) * 0.15, (8 - (e - w)) / 2);
  const padY = Math.max(2, (n - so) * 0.15, (6 - (n - so)) / 2);
  w = Math.max(-180, w - padX); e = Math.min(180, e + padX);
  so = Math.max(-85, so - padY); n = Math.min(85, n + padY);
  return [w, so, e, n];
}

function projection(extent, W, H) {
  const [west, south, east, north] = extent;
  const sx = lonSpan(west, east), sy = north - south;
  const k = Math.min(W / sx, H / sy);
  const cx = west + sx / 2, cy = (north + south) / 2;
  return {k, x: (lon) => W / 2 + wrapLon(lon - cx) * k, y: (lat) => H / 2 - (lat - cy) * k,
          lonMin: cx - W / 2 / k, lonMax: cx + W / 2 / k, latMin: cy - H / 2 / k,
          latMax: cy + H / 2 / k};
}

function degrees(v, pos, neg) {
  const a = Math.round(Math.abs(v) * 100) / 100;
  return v === 0 ? "0°" : `${a}°${v > 0 ? pos : neg}`;
}

function graticule(p, W, H) {
  const g = s("g", {class: "graticule"});
  // Lines about every 50 pixels or more, at round numbers of degrees.
  const step = [1, 2, 5, 10, 15, 30, 45, 60].find((x) => x * p.k >= 50) || 90;
  for (let lon = Math.ceil(p.lonMin / step) * step; lon <= p.lonMax; lon += step) {
    const x = W / 2 + (lon - (p.lonMin + p.lonMax) / 2) * p.k;
    g.append(s("line", {x1: x, y1: 0, x2: x, y2: H}));
    g.append(s("text", {x: x + 2, y: H - 3}, degrees(wrapLon(lon), "E", "W")));
  }
  for (let lat = Math.ceil(p.latMin / step) * step; lat <= p.latMax; lat += step) {
    if (lat < -90 || lat > 90) continue;
    const y = p.y(lat);
    g.append(s("line", {x1: 0, y1: y, x2: W, y2: y, class: lat === 0 ? "equator" : null}));
    if (y > 12 && y < H - 14) g.append(s("text", {x: 2, y: y - 2}, degrees(lat, "N", "S")));
  }
  return g;
}

function placeText(pl) {
  const where = [pl.type, pl.country_name || pl.country].filter(Boolean).join(", ");
  return `${pl.name || "unnamed place"}${where ? " (" + where + ")" : ""}`;
}

function eventText(ev) {
  return `${ev.date || "undated"}: ${ev.source_name || ev.source_actor} → ` +
    `${ev.target_name || ev.target_actor}, ${ev.cameo_name || "CAMEO " + ev.cameo_code}`;
}

function quadCounts(pl) {
  return [1, 2, 3, 4].filter((n) => pl.by_quad[n]).map((n) => `${pl.by_quad[n]} ${QUADS[n]}`)
    .join(", ");
}

// The map as an element; call its render() once it is in the page (it draws at the width
// it is given, so points and text keep their size from a phone to a laptop) and it redraws
// itself when that width changes.
// Labels go right of their point, or above or below it, or are left out: never on top of
// one another. Returns the text element or null.
function labeller(W) {
  const boxes = [];
  return (x, y, gap, text, cls) => {
    const w = text.length * 6.4 + 4, hgt = 13;
    for (const [dx, dy, anchor] of [[gap, 4, "start"], [-gap, 4, "end"],
                                    [0, -gap - 3, "middle"], [0, gap + 11, "middle"]]) {
      const left = anchor === "start" ? x + dx : anchor === "end" ? x + dx - w : x - w / 2;
      const top = y + dy - 10;
      if (left < 0 || left + w > W) continue;
      if (boxes.some((b) => left < b[0] + b[2] && b[0] < left + w && top < b[1] + hgt &&
                            b[1] < top + hgt)) continue;
      boxes.push([left, top, w]);
      return s("text", {x: x + dx, y: y + dy, "text-anchor": anchor, class: cls}, text);
    }
    return null;
  };
}

function eventMap(data, centres, extent, compact) {
  const box = h("div", {class: compact ? "map-box compact" : "map-box"});
  const hint = "Hover over or tab to a point for its place and event; click it to open the event.";
  const info = h("p", {class: "map-info small", "aria-live": "polite"}, hint);
  const wrapper = h("div", {class: "map-wrap"}, box, info);
  const show = (pl, ev) => info.replaceChildren(h("strong", {}, placeText(pl)),
    pl.events > 1 ? ` · ${pl.events} events here` : "", h("br"), eventText(ev),
    ev.sentence ? h("span", {class: "muted"}, ` — “${ev.sentence.trim()}”`) : "");
  let drawnWidth = 0;

  function render() {
    const width = Math.max(260, Math.round(box.clientWidth || 0));
    if (width === drawnWidth) return;
    drawnWidth = width;
    // On a phone the whole world would be a strip a few dots high: draw it at least 600
    // pixels wide and let the box scroll sideways instead.
    const W = lonSpan(extent[0], extent[2]) > 120 ? Math.max(width, 600) : width;
    const ratio = (extent[3] - extent[1]) / lonSpan(extent[0], extent[2]);
    const H = Math.round(W * Math.min(0.75, Math.max(compact ? 0.36 : 0.42, ratio)));
    const p = projection(extent, W, H);
    const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "map",
      role: "group", "aria-label": "Map of where events happened"});
    svg.append(s("rect", {x: 0, y: 0, width: W, height: H, class: "sea"}), graticule(p, W, H));
    const zoomed = p.lonMax - p.lonMin < 200;
    const cg = s("g", {class: "centres"});
    const centreLabels = [];
    for (const c of centres) {
      const x = p.x(c.lon), y = p.y(c.lat);
      if (x < 0 || x > W || y < 0 || y > H) continue;
      cg.append(s("circle", {cx: x, cy: y, r: 2, class: "centre", "data-country": c.code},
        s("title", {}, c.name)));
      if (c.population >= (zoomed ? 0 : 40e6)) centreLabels.push([x, y, c.code]);
    }
    svg.append(cg);
    const pr = W < 600 ? 4.5 : 5;
    const spacing = pr * 1.75;
    const labelled = new Set(data.places.filter((pl) => pl.events > 1).slice(0, compact ? 4 : 8)
      .map((pl) => pl.place_id));
    const labels = [];
    for (const pl of data.places) {  // busiest first, so single events are drawn on top
      const x = p.x(pl.lon), y = p.y(pl.lat);
      if (x < -50 || x > W + 50 || y < -50 || y > H + 50) continue;
      const g = s("g", {class: "place", "data-place": pl.name || ""});
      const shown = pl.items.length;
      const spread = spacing * Math.sqrt(Math.max(shown - 1, 0));
      if (pl.events > 1) {
        g.append(s("circle", {cx: x, cy: y, r: spread + pr + 3, class: "halo"},
          s("title", {}, `${placeText(pl)}: ${pl.events} events (${quadCounts(pl)})`)));
      }
      pl.items.forEach((ev, i) => {
        // A sunflower spiral: each event keeps its own point and colour at a shared place.
        const r = spacing * Math.sqrt(i), t = i * 2.39996;
        const a = s("a", {href: path("event", ev.event_id), class: "ev",
                          "data-event": ev.event_id, "data-country": pl.country || "",
                          "data-quad": ev.quad_class},
          s("circle", {cx: x + r * Math.cos(t), cy: y + r * Math.sin(t), r: pr,
                       class: `ept q${ev.quad_class}`},
            s("title", {}, `${placeText(pl)}\n${eventText(ev)}`)));
        a.addEventListener("mouseenter", () => show(pl, ev));
        a.addEventListener("focus", () => show(pl, ev));
        g.append(a);
      });
      svg.append(g);
      if (labelled.has(pl.place_id) || pl.events > shown) {
        const more = pl.events > shown ? ` (${pl.events}, ${shown} drawn)` : ` (${pl.events})`;
        labels.push([x, y, spread + pr + 5, `${pl.name || ""}${more}`]);
      }
    }
    const label = labeller(W);
    const lg = s("g", {class: "place-labels"});
    for (const [x, y, gap, text] of labels) lg.append(label(x, y, gap, text, "place-label"));
    for (const [x, y, code] of centreLabels) cg.append(label(x, y, 3, code, "centre-label"));
    svg.append(lg);
    box.replaceChildren(svg);
    if (W > width && data.places.length) {  // scrolled to the busiest place
      box.scrollLeft = Math.max(0, p.x(data.places[0].lon) - width / 2);
    }
  }

  wrapper.render = render;
  if (typeof ResizeObserver === "function") new ResizeObserver(() => render()).observe(box);
  return wrapper;
}

function quadLegend() {
  return h("p", {class: "legend small"},
    h("span", {class: "swatch q1"}), " verbal cooperation ",
    h("span", {class: "swatch q2"}), " material cooperation ",
    h("span", {class: "swatch q3"}), " verbal conflict ",
    h("span", {class: "swatch q4"}), " material conflict");
}

function placeTable(data) {
  if (!data.places.length) return null;
  return table(["place", "country", "events", "cooperative", "conflictual"],
    data.places.slice(0, 50).map((pl) => h("tr", {},
      h("td", {}, pl.name || "–", h("span", {class: "muted"}, pl.type ? ` ${pl.type}` : "")),
      h("td", {}, pl.country_name || pl.country || "–"), h("td", {}, pl.events),
      h("td", {}, pl.by_quad[1] + pl.by_quad[2]), h("td", {}, pl.by_quad[3] + pl.by_quad[4]))),
    "compact places");
}

function atPlaces(n) { return n === 1 ? "at 1 place" : `at ${n} places`; }

async function mapPage() {
  const root = main();
  const [stats, centres] = await Promise.all([api("/api/stats"), countryCentres()]);
  const q = params();
  const country = h("select", {id: "country", name: "country"},
    h("option", {value: ""}, "all countries"));
  const region = h("select", {id: "region", name: "region"}, REGIONS.map(([key, label]) =>
    h("option", {value: key, selected: key === (q.get("region") || "")}, label)));
  const body = h("div", {id: "map-body"});
  root.replaceChildren(h("h1", {}, "Where events happened"),
    h("p", {class: "muted"}, "Each point is one coded event at the place its report names; " +
      "events at the same place gather around it. Centres of countries are faint dots."),
    rangeForm(q.get("from") || stats.first, q.get("to") || stats.last, (from, to) => {
      setQuery({from, to, country: country.value, region: region.value});
      draw(from, to, country.value, region.value);
    }, [h("label", {}, "Country ", country), h("label", {}, "Region ", region)]), body);

  async function draw(from, to, code, regionKey) {
    const box = (REGIONS.find((r) => r[0] === regionKey) || REGIONS[0])[2];
    body.replaceChildren(h("p", {class: "muted"}, "Placing events…"));
    let data;
    try {
      data = await api("/api/places", {from, to, country: code, bbox: box ? box.join(",") : null,
                                       per_place: 20, limit: 2000});
    } catch (e) {
      body.replaceChildren(error(e.message));
      return;
    }
    const options = data.countries.map((c) => [c.code, `${c.name} (${c.events})`]);
    if (code && !options.some((o) => o[0] === code)) options.push([code, code]);
    country.replaceChildren(h("option", {value: ""}, "all countries"),
      ...options.map(([v, label]) => h("option", {value: v, selected: v === code}, label)));
    const centre = centres.find((c) => c.code === code);
    const extent = code ? fitExtent(data.places, centre ? [centre.lon, centre.lat] : null)
      : box || WORLD;
    const named = centre ? centre.name : code;
    const where = code || box ? ` in ${[named, box ? REGIONS.find((r) => r[0] === regionKey)[1]
      : null].filter(Boolean).join(", ")}` : "";
    const summary = where
      ? `${data.located} events from ${from} to ${to} happened${where} (of ${data.total} ` +
        `events in the period), ${atPlaces(data.places.length)}.`
      : `${data.located} of the ${data.total} events from ${from} to ${to} have a place, ` +
        `${atPlaces(data.places.length)}.`;
    const map = eventMap(data, centres, extent, false);
    body.replaceChildren(h("p", {id: "map-summary"}, summary),
      h("section", {class: "panel"}, map, quadLegend()),
      data.places.length ? h("section", {class: "panel"}, h("h2", {}, "Places"),
        placeTable(data)) : h("p", {class: "muted"}, "No located events match."));
    map.render();
  }
  await draw(q.get("from") || stats.first, q.get("to") || stats.last,
             (q.get("country") || "").toUpperCase(), q.get("region") || "");
}

// -- dyad -------------------------------------------------------------------------------
async function dyadPage(a, b) {
  a = a.toUpperCase(); b = b.toUpperCase();
  const q = params();
  const by = q.get("by") || "year";
  const root = main();
  const select = h("select", {id: "by", name: "by"}, ["month", "year"].map((v) =>
    h("option", {value: v, selected: v === by}, v)));
  root.replaceChildren(
    h("h1", {}, h("a", {href: path("actor", a)}, a), " – ", h("a", {href: path("actor", b)}, b)),
    rangeForm(q.get("from"), q.get("to"), (from, to) => {
      setQuery({from, to, by: select.value}); dyadPage(a, b);
    }, h("label", {}, "By ", select)));
  let series, list;
  try {
    [series, list] = await Promise.all([
      api("/api/dyads", {actor: a, with: b, by, from: q.get("from"), to: q.get("to")}),
      api("/api/stories", {actor: a, with: b, from: q.get("from"), to: q.get("to"),
                           limit: 500})]);
  } catch (e) {
    root.append(error(e.message));
    return;
  }
  root.append(h("section", {class: "panel"}, h("h2", {}, "Cooperation and conflict"),
    timeline(series.rows), h("p", {class: "legend small"},
      h("span", {class: "swatch q1"}), " verbal cooperation ",
      h("span", {class: "swatch q2"}), " material cooperation ",
      h("span", {class: "swatch q3"}), " verbal conflict ",
      h("span", {class: "swatch q4"}), " material conflict"),
    series.rows.length ? table(["period", "story events", "cooperative", "conflictual",
      "net cooperation", "mean Goldstein"], series.rows.map((r) => h("tr", {},
      h("td", {}, r.period), h("td", {}, r.events),
      h("td", {}, r.verbal_coop + r.material_coop),
      h("td", {}, r.verbal_conflict + r.material_conflict),
      h("td", {}, signed(r.net_cooperation)), h("td", {}, signed(r.goldstein_mean)))), "compact")
      : null));
  root.append(h("section", {class: "panel"},
    h("h2", {}, `Story events (${list.total})`), storyList(list.items)));
}

function timeline(rows) {
  if (!rows.length) return h("p", {class: "muted"}, "No story events in this period.");
  const W = 900, H = 260, L = 36, B = 36, T = 12;
  const up = rows.map((r) => r.verbal_coop + r.material_coop);
  const down = rows.map((r) => r.verbal_conflict + r.material_conflict);
  const max = Math.max(1, ...up, ...down);
  const mid = T + (H - T - B) / 2;
  const scale = (H - T - B) / 2 / max;
  const step = (W - L - 10) / rows.length;
  const bw = Math.max(3, Math.min(40, step * 0.7));
  const svg = s("svg", {viewBox: `0 0 ${W} ${H}`, class: "timeline", role: "img",
                        "aria-label": "Cooperation above the line, conflict below, per period"});
  svg.append(s("line", {x1: L, y1: mid, x2: W - 5, y2: mid, class: "axis"}));
  svg.append(s("text", {x: L - 4, y: T + 8, "text-anchor": "end", class: "tick"}, max));
  svg.append(s("text", {x: L - 4, y: H - B, "text-anchor": "end", class: "tick"}, max));
  const every = Math.max(1, Math.ceil(rows.length / 10));
  rows.forEach((r, i) => {
    const x = L + i * step + (step - bw) / 2;
    let y = mid;
    for (const [n, cls] of [[r.verbal_coop, "q1"], [r.material_coop, "q2"]]) {
      if (!n) continue;
      y -= n * scale;
      svg.append(s("rect", {x, y, width: bw, height: n * scale, class: `bar ${cls}`},
        s("title", {}, `${r.period}: ${n} ${QUADS[cls === "q1" ? 1 : 2]}`)));
    }
    y = mid;
    for (const [n, cls] of [[r.verbal_conflict, "q3"], [r.material_conflict, "q4"]]) {
      if (!n) continue;
      svg.append(s("rect", {x, y, width: bw, height: n * scale, class: `bar ${cls}`},
        s("title", {}, `${r.period}: ${n} ${QUADS[cls === "q3" ? 3 : 4]}`)));
      y += n * scale;
    }
    if (i % every === 0) {
      svg.append(s("text", {x: x + bw / 2, y: H - 12, "text-anchor": "middle", class: "tick"},
        r.period));
    }
  });
  return svg;
}

function storyList(items) {
  if (!items.length) return h("p", {class: "muted"}, "No story events.");
  return h("ol", {class: "stories"}, items.map((st) => h("li", {class: "story"},
    h("div", {class: "meta"}, h("strong", {}, st.date || "undated"), " ",
      `${st.source} → ${st.target} `, quadBadge(st.quad_class), " ",
      h("span", {class: "muted"}, `CAMEO ${st.cameo_code} ${st.cameo_name || ""}, Goldstein ` +
        `${signed(st.goldstein, 1)}; ${st.n_mentions} mentions in ${st.n_docs} reports`)),
    h("blockquote", {}, (st.sentence || "").trim()),
    h("div", {class: "small"},
      st.title ? h("span", {class: "muted"}, `${st.title}, ${st.doc_published || ""} `) : null,
      st.event_id ? h("a", {href: path("event", st.event_id), class: "event-link"},
        "Open the event and its source report →") : null))));
}

// -- actor ------------------------------------------------------------------------------
async function actorPage(code) {
  code = code.toUpperCase();
  const q = params();
  const root = main();
  root.replaceChildren(h("h1", {}, code),
    rangeForm(q.get("from"), q.get("to"), (from, to) => { setQuery({from, to}); actorPage(code); }));
  let info;
  try {
    info = await api(path("api", "actors", code), {from: q.get("from"), to: q.get("to")});
  } catch (e) {
    root.append(error(e.message));
    return;
  }
  if (info.name) root.firstChild.append(h("span", {class: "muted"}, ` ${info.name}`));
  const counterparts = info.counterparts.length ? table(
    ["counterpart", "story events", "cooperative", "conflictual", "net", "mean Goldstein",
     "period"],
    info.counterparts.map((c) => h("tr", {},
      h("td", {}, h("a", {href: path("dyad", code, c.counterpart)}, c.counterpart)),
      h("td", {}, c.events), h("td", {}, c.coop), h("td", {}, c.conflict),
      h("td", {class: c.net_cooperation >= 0 ? "pos" : "neg"}, signed(c.net_cooperation)),
      h("td", {}, signed(c.goldstein_mean)),
      h("td", {}, `${(c.first || "").slice(0, 7)} – ${(c.last || "").slice(0, 7)}`))), "compact")
    : h("p", {class: "muted"}, "No counterparts in this period.");
  const quotes = info.quotes.length ? h("ul", {class: "quotes"}, info.quotes.map((x) =>
    h("li", {}, h("blockquote", {}, `“${x.text.trim()}”`),
      h("div", {class: "small"}, `— ${x.speaker_name || "unnamed"} (${x.speaker_actor}), `,
        h("a", {href: path("document", x.doc_id)}, x.title || x.doc_id), `, ${x.published || ""}`))))
    : h("p", {class: "muted"}, "No quotes by its people in this period.");
  const briefBox = h("div", {id: "brief"}, h("p", {class: "muted"}, "Writing the brief…"));
  root.append(h("div", {class: "grid"},
    h("section", {class: "panel"}, h("h2", {}, "Counterparts"), counterparts),
    h("section", {class: "panel"}, h("h2", {}, "Quotes by its people"), quotes),
    h("section", {class: "panel wide"}, h("h2", {}, "Brief for the period"), briefBox)));
  try {
    const brief = await api("/api/brief", {actor: code, from: q.get("from"), to: q.get("to")});
    briefBox.replaceChildren(h("h3", {}, brief.title),
      ...brief.sections.map((sec) => h("div", {}, h("h4", {}, sec.heading),
        sec.paragraphs.map((p) => h("p", {}, p)))),
      h("p", {class: "small"}, "Download: ",
        h("a", {href: withQuery("/api/brief", {actor: code, from: q.get("from"),
          to: q.get("to"), format: "markdown"})}, "Markdown"), " · ",
        h("a", {href: withQuery("/api/brief", {actor: code, from: q.get("from"),
          to: q.get("to"), format: "html"})}, "HTML")));
  } catch (e) {
    briefBox.replaceChildren(error(e.message));
  }
}

// -- event and document -----------------------------------------------------------------
function field(label, ...value) {
  return [h("dt", {}, label), h("dd", {}, ...value)];
}

function actorText(code, name, mention) {
  return `${code}${name ? " (" + name + ")" : ""}${mention ? ", as “" + mention + "”" : ""}`;
}

function chips(items, cls) {
  if (!items || !items.length) return h("span", {class: "muted"}, "none");
  return h("span", {class: cls}, items.map((x) => h("span", {class: "chip"}, x)));
}

async function eventPage(id) {
  const root = main();
  let data;
  try {
    data = await api(path("api", "events", id));
  } catch (e) {
    root.replaceChildren(h("h1", {}, "Event"), error(e.message));
    return;
  }
  const ev = data.event, doc = data.document || {}, story = data.story;
  const src = story ? story.source : (ev.source_country || ev.source_actor);
  const tgt = story ? story.target : (ev.target_country || ev.target_actor);
  root.replaceChildren(
    h("h1", {}, `${ev.source_name || ev.source_actor} → ${ev.target_name || ev.target_actor}: `,
      ev.cameo_name || `CAMEO ${ev.cameo_code}`),
    h("p", {}, h("a", {href: path("dyad", src, tgt)}, `All ${src} – ${tgt} story events`), " · ",
      h("a", {href: path("document", ev.doc_id)}, "The whole report with all its events")),
    h("div", {class: "grid"},
      h("section", {class: "panel"}, h("h2", {}, "Coded record"),
        h("dl", {class: "record"},
          field("date", `${ev.event_date || "unknown"} (${ev.date_precision || "?"})`),
          field("source", actorText(ev.source_actor, ev.source_name, ev.source_mention)),
          field("target", actorText(ev.target_actor, ev.target_name, ev.target_mention)),
          field("CAMEO", `${ev.cameo_code} ${ev.cameo_name || ""} (root ${ev.cameo_root})`),
          field("QuadClass", quadBadge(ev.quad_class)),
          field("Goldstein", signed(ev.goldstein, 1)),
          field("PLOVER", ev.plover_type || "–"),
          field("trigger", ev.trigger || "–"),
          field("speaker", ev.speaker || "–"),
          field("location", ev.location ? [ev.location,
            ` (${[ev.location_type, ev.location_country].filter(Boolean).join(", ")})`,
            ev.location_country ? [" · ", h("a", {href: withQuery("/map",
              {country: ev.location_country}), class: "map-link"}, "on the map")] : null]
            : "–"),
          field("mode", ev.mode || "–"),
          field("confidence", fmt(ev.confidence)),
          field("story event", story ? `${story.n_mentions} mentions in ${story.n_docs} ` +
            `reports from ${story.n_sources} sources` : "–"),
          field("event id", h("code", {}, ev.event_id)),
          field("coder", h("code", {}, ev.coder_version)))),
      h("section", {class: "panel"}, h("h2", {}, "Cited wire services"),
        h("p", {}, "This passage: ", chips(ev.report_sources, "sources passage-sources")),
        h("p", {}, "The whole report: ", chips(data.document_sources, "sources doc-sources")),
        h("h2", {}, "Evidence"), h("blockquote", {class: "evidence-quote"},
          (ev.sentence || "").trim()))),
    h("section", {class: "panel"}, h("h2", {}, "Source report"), docHeader(doc),
      docText(doc.text || "", [{start: ev.char_start, end: ev.char_end, id: "evidence"}])));
  const mark = document.getElementById("evidence");
  if (mark) mark.scrollIntoView({block: "center"});
}

function docHeader(doc) {
  const url = safeUrl(doc.url);
  return h("p", {class: "docmeta"}, h("strong", {class: "doc-title"}, doc.title || "Untitled"),
    h("br"), [doc.publication, doc.published, doc.author].filter(Boolean).join(" · "),
    url ? [" · ", h("a", {href: url, rel: "noopener noreferrer nofollow"}, "original")] : null);
}

// The text as text nodes, with the given spans (character offsets) marked.
function docText(text, spans) {
  const box = h("div", {class: "doctext", id: "doctext"});
  const sorted = spans.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start);
  let at = 0;
  for (const sp of sorted) {
    if (sp.start < at) continue;
    box.append(text.slice(at, sp.start));
    const piece = text.slice(sp.start, sp.end);
    const core = piece.replace(/\s+$/, "");
    box.append(h("mark", {class: "evidence", id: sp.id || null, title: sp.title || null}, core));
    box.append(piece.slice(core.length));
    at = sp.end;
  }
  box.append(text.slice(at));
  return box;
}

async function documentPage(id) {
  const root = main();
  let doc;
  try {
    doc = await api(path("api", "documents", id));
  } catch (e) {
    root.replaceChildren(h("h1", {}, "Report"), error(e.message));
    return;
  }
  const spans = doc.events.map((e) => ({start: e.char_start, end: e.char_end,
    title: `${e.source_actor} → ${e.target_actor}: ${e.cameo_name || e.cameo_code}`}));
  root.replaceChildren(h("h1", {}, doc.title || "Untitled report"),
    h("div", {class: "grid"},
      h("section", {class: "panel wide"}, docHeader(doc), docText(doc.text || "", spans)),
      h("section", {class: "panel"}, h("h2", {}, `Events (${doc.events.length})`),
        doc.events.length ? h("ul", {class: "events"}, doc.events.map((e) => h("li", {},
          h("a", {href: path("event", e.event_id)}, `${e.source_actor} → ${e.target_actor}`),
          " ", quadBadge(e.quad_class), ` ${e.cameo_name || e.cameo_code}`)))
          : h("p", {class: "muted"}, "No events coded.")),
      h("section", {class: "panel"}, h("h2", {}, `Quotes (${doc.quotes.length})`),
        h("ul", {class: "quotes"}, doc.quotes.map((x) => h("li", {},
          h("blockquote", {}, `“${x.text.trim()}”`),
          h("div", {class: "small"}, `— ${x.speaker_name || "no speaker"}` +
            (x.speaker_actor ? ` (${x.speaker_actor})` : "")))))),
      h("section", {class: "panel"}, h("h2", {}, "Cited wire services"),
        h("ul", {}, doc.citations.map((c) => h("li", {}, chips(c.sources, "sources"),
          c.date ? ` ${c.date}` : ""))))));
}

// -- search -----------------------------------------------------------------------------
async function searchPage() {
  const q = params();
  const root = main();
  const input = h("input", {type: "search", name: "q", id: "q", value: q.get("q") || "",
    placeholder: "actor, word, name…", required: true, maxlength: 200});
  const quad = h("select", {name: "quad", id: "quad"}, h("option", {value: ""}, "any QuadClass"),
    [1, 2, 3, 4].map((n) => h("option", {value: n, selected: String(n) === q.get("quad")},
      QUADS[n])));
  const from = h("input", {type: "date", name: "from", value: q.get("from") || ""});
  const to = h("input", {type: "date", name: "to", value: q.get("to") || ""});
  const form = h("form", {class: "controls", id: "search-form", action: "/search",
                          method: "get", role: "search"},
    h("label", {}, "Search ", input), h("label", {}, quad), h("label", {}, "From ", from),
    h("label", {}, "To ", to), h("button", {type: "submit"}, "Search"));
  const out = h("div", {id: "results"});
  root.replaceChildren(h("h1", {}, "Search reports and events"), form, out);
  const text = q.get("q");
  if (!text) return;
  out.replaceChildren(h("p", {class: "muted"}, "Searching…"));
  const filters = {from: q.get("from"), to: q.get("to")};
  let found;
  try {
    found = await Promise.all([
      api("/api/actors", {q: text}),
      api("/api/events", {q: text, quad: q.get("quad"), ...filters, limit: 100}),
      api("/api/documents", {q: text, ...filters, limit: 50}),
      api("/api/quotes", {q: text, ...filters, limit: 50})]);
  } catch (e) {
    out.replaceChildren(error(e.message));
    return;
  }
  const [actorsFound, events, docs, quotes] = found;
  out.replaceChildren(
    actorsFound.items.length ? h("section", {class: "panel"}, h("h2", {}, "Actors"),
      h("p", {}, actorsFound.items.slice(0, 30).map((a) => h("a", {href: path("actor", a.code),
        class: "chip link"}, `${a.code}${a.name ? " " + a.name : ""}`)))) : null,
    h("section", {class: "panel"}, h("h2", {}, `Events (${events.total})`),
      events.items.length ? table(["date", "dyad", "event", "evidence"], events.items.map((e) =>
        h("tr", {}, h("td", {class: "nowrap"}, e.event_date || ""),
          h("td", {class: "nowrap"}, `${e.source_actor} → ${e.target_actor}`),
          h("td", {}, quadBadge(e.quad_class), ` ${e.cameo_name || e.cameo_code}`),
          h("td", {}, h("a", {href: path("event", e.event_id), class: "event-link"},
            (e.sentence || "").trim()))))) : h("p", {class: "muted"}, "No events match.")),
    h("section", {class: "panel"}, h("h2", {}, `Reports (${docs.total})`),
      docs.items.length ? h("ul", {class: "docs"}, docs.items.map((d) => h("li", {},
        h("a", {href: path("document", d.doc_id)}, d.title || d.doc_id),
        h("span", {class: "muted"}, ` ${d.published || ""} ${d.publication || ""}`),
        h("div", {class: "small"}, d.snippet)))) : h("p", {class: "muted"}, "No reports match.")),
    quotes.items.length ? h("section", {class: "panel"}, h("h2", {}, `Quotes (${quotes.total})`),
      h("ul", {class: "quotes"}, quotes.items.map((x) => h("li", {},
        h("blockquote", {}, `“${x.text.trim()}”`), h("div", {class: "small"},
          `— ${x.speaker_name || "no speaker"}, `,
          h("a", {href: path("document", x.doc_id)}, x.title || x.doc_id)))))) : null);
}

// -- reading new reports ----------------------------------------------------------------
function readPage() {
  const root = main();
  const out = h("div", {id: "read-result", "aria-live": "polite"});
  const show = async (promise) => {
    out.replaceChildren(h("p", {class: "muted"}, "Reading and coding…"));
    try {
      const r = await answer(await promise);
      out.replaceChildren(h("p", {}, `Read ${r.read} (new ${r.new}, already stored ` +
        `${r.already}); coded ${r.coded.documents} documents, ${r.coded.events} events.`),
        r.problems.length ? h("ul", {class: "error"}, r.problems.map((p) => h("li", {}, p))) : null,
        h("ul", {}, r.documents.map((d) => h("li", {},
          h("a", {href: path("document", d.doc_id)}, d.title || d.doc_id),
          ` ${d.status}: ${d.events} events, ${d.quotes} quotes` +
          (d.message ? ` (${d.message})` : "")))));
    } catch (e) {
      out.replaceChildren(error(e.message));
    }
  };
  const post = (url, body) => fetch(url, {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", Accept: "application/json"},
    body: JSON.stringify(body)});
  const text = h("textarea", {name: "text", rows: 10, required: true});
  const title = h("input", {name: "title", maxlength: 500});
  const date = h("input", {type: "date", name: "published"});
  const textForm = h("form", {class: "stack", id: "read-text"},
    h("label", {}, "Title ", title), h("label", {}, "Date ", date),
    h("label", {}, "Text ", text), h("button", {type: "submit"}, "Read and code"));
  textForm.addEventListener("submit", (e) => {
    e.preventDefault();
    show(post("/api/read/text", {text: text.value, title: title.value || null,
                                 published: date.value || null}));
  });
  const file = h("input", {type: "file", name: "file", required: true});
  const fileForm = h("form", {class: "stack", id: "read-file"}, h("label", {}, "File ", file),
    h("button", {type: "submit"}, "Upload, read and code"));
  fileForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const data = new FormData();
    data.append("file", file.files[0]);
    show(fetch("/api/read/file", {method: "POST", credentials: "same-origin", body: data,
                                  headers: {Accept: "application/json"}}));
  });
  const url = h("input", {type: "url", name: "url", required: true, placeholder: "address of a page, text or feed"});
  const urlForm = h("form", {class: "stack", id: "read-url"}, h("label", {}, "URL ", url),
    h("button", {type: "submit"}, "Fetch, read and code"));
  urlForm.addEventListener("submit", (e) => {
    e.preventDefault();
    show(post("/api/read/url", {url: url.value}));
  });
  root.replaceChildren(h("h1", {}, "Add reports"),
    h("p", {class: "muted"}, "New reports are coded at once and show everywhere without a " +
      "restart. Text, HTML, JSON Lines and RSS/Atom files are read."),
    h("div", {class: "grid"},
      h("section", {class: "panel"}, h("h2", {}, "Paste a report"), textForm),
      h("section", {class: "panel"}, h("h2", {}, "Upload a file"), fileForm,
        h("h2", {}, "Fetch a URL"), urlForm)), out);
}

// -- routing ----------------------------------------------------------------------------
const ROUTES = [
  [/^\/$/, overview],
  [/^\/dyad\/([^/]+)\/([^/]+)\/?$/, dyadPage],
  [/^\/actor\/([^/]+)\/?$/, actorPage],
  [/^\/event\/([^/]+)\/?$/, eventPage],
  [/^\/document\/([^/]+)\/?$/, documentPage],
  [/^\/search\/?$/, searchPage],
  [/^\/read\/?$/, readPage],
  [/^\/map\/?$/, mapPage],
];

async function route() {
  for (const [pattern, page] of ROUTES) {
    const m = location.pathname.match(pattern);
    if (!m) continue;
    for (const a of document.querySelectorAll("header nav a")) {
      if (a.getAttribute("href") === location.pathname) a.setAttribute("aria-current", "page");
    }
    try {
      await page(...m.slice(1).map(decodeURIComponent));
    } catch (e) {
      main().replaceChildren(error(e.message || String(e)));
    }
    document.body.dataset.ready = "1";
    return;
  }
  main().replaceChildren(error("No such page."));
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", route);
