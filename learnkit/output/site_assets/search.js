/* learnkit site search: runs in the page on window.LEARNKIT_INDEX (assets/search-index.js), so it works
   opened from a shared drive (file://) as well as from a web server. Words are matched on their stems
   (neglect finds neglected, neglectful), "quoted phrases" as they are written, and a theme's name or any of
   its aliases finds the records that carry the theme. search.html?q=... opens a search. */
(function () {
  "use strict";
  var index = window.LEARNKIT_INDEX || { records: [], themes: [] };

  function norm(text) {
    return " " + String(text).toLowerCase().replace(/[\u2018\u2019']/g, "").replace(/[^a-z0-9]+/g, " ").trim() + " ";
  }

  // A small suffix stemmer: enough that the forms of a word practitioners type meet.
  function stem(word) {
    var w = word;
    if (w.length > 4 && /ies$/.test(w)) { w = w.slice(0, -3) + "y"; }
    else if (/sses$/.test(w)) { w = w.slice(0, -2); }
    else if (w.length > 3 && /[^su]s$/.test(w)) { w = w.slice(0, -1); }
    var suffixes = ["fulness", "fully", "ful", "ness", "ingly", "ing", "edly", "ed", "ly", "ment"];
    for (var i = 0; i < suffixes.length; i++) {
      var s = suffixes[i];
      if (w.length - s.length >= 3 && w.slice(-s.length) === s) { w = w.slice(0, -s.length); break; }
    }
    if (w.length > 3 && /e$/.test(w)) { w = w.slice(0, -1); }
    if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) { w = w.slice(0, -1); }
    return w;
  }

  function stems(text) {
    var out = {};
    norm(text).trim().split(" ").forEach(function (w) { if (w) { out[stem(w)] = true; } });
    return out;
  }

  // The query's "phrases" and its other words.
  function parse(query) {
    var phrases = [], words = [];
    var rest = String(query).replace(/"([^"]*)"?/g, function (_, p) {
      if (norm(p).trim()) { phrases.push(norm(p)); }
      return " ";
    });
    norm(rest).trim().split(" ").forEach(function (w) { if (w) { words.push(w); } });
    return { phrases: phrases, words: words };
  }

  var prepared = index.records.map(function (r) {
    return { r: r, text: norm(r.x), title: norm(r.t), stems: stems(r.x), titleStems: stems(r.t) };
  });

  function themesNamed(query) {
    var q = norm(query.replace(/"/g, " "));
    return index.themes.filter(function (t) {
      return t.n.some(function (name) { var n = norm(name); return n.trim() && q.indexOf(n) !== -1; });
    });
  }

  function search(query) {
    var parsed = parse(query);
    var themes = themesNamed(query);
    var themeIds = {};
    themes.forEach(function (t) { themeIds[t.id] = true; });
    if (!parsed.phrases.length && !parsed.words.length) { return { hits: [], themes: [] }; }
    var hits = [];
    prepared.forEach(function (p) {
      var score = 0, all = true;
      parsed.phrases.forEach(function (ph) {
        if (p.text.indexOf(ph) === -1) { all = false; } else { score += p.title.indexOf(ph) !== -1 ? 6 : 3; }
      });
      parsed.words.forEach(function (w) {
        var s = stem(w);
        if (!p.stems[s]) { all = false; } else { score += p.titleStems[s] ? 3 : 1; }
      });
      var byTheme = p.r.th.some(function (id) { return themeIds[id]; });
      if (byTheme) { score += 5; }
      if (all || byTheme) { hits.push({ r: p.r, score: score }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.r.t < b.r.t ? -1 : 1); });
    return { hits: hits, themes: themes };
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function show(query) {
    var box = document.getElementById("results");
    if (!box) { return; }
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!query.trim()) { return; }
    var found = search(query);
    var n = found.hits.length;
    box.appendChild(el("h2", n + (n === 1 ? " record" : " records") + " found for \u201c" + query + "\u201d",
      { "class": "count" }));
    if (found.themes.length) {
      var p = el("p", "Theme" + (found.themes.length > 1 ? "s" : "") + ": ");
      found.themes.forEach(function (t, i) {
        if (i) { p.appendChild(document.createTextNode(", ")); }
        p.appendChild(el("a", t.l, { href: t.u }));
      });
      box.appendChild(p);
    }
    if (!n) {
      box.appendChild(el("p", "Nothing matched. Try fewer words, another word for it, or browse the themes."));
      return;
    }
    var list = el("ul");
    found.hits.forEach(function (h) {
      var li = el("li");
      var heading = el("h3");
      heading.appendChild(el("a", h.r.t, { href: h.r.u }));
      li.appendChild(heading);
      if (h.r.f) { li.appendChild(el("p", h.r.f, { "class": "facts" })); }
      if (h.r.s) { li.appendChild(el("p", h.r.s)); }
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  window.learnkitSearch = search;
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var input = document.getElementById("q");
  if (input) { input.value = query; }
  show(query);
  if (query) { document.title = query + " - " + document.title; }
})();
