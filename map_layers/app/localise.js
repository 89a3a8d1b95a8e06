/* Streamlit's own words in the page's language (a Streamlit components-v2 module).
 *
 * data = {lang, dir, rules: [{s: selector, a: attribute|null (null = text), p: pattern, r: replacement,
 *         m: also translate month names}], months: {January: "يناير", …}, hide: [selector, …]}
 *
 * Sets <html lang dir>, then relabels every element a rule selects, now and whenever Streamlit
 * renders more (a MutationObserver, coalesced to one pass per animation frame). Text is changed
 * in its text node (as React itself does), so React keeps working on the same node. An English
 * page gets no rules, and whatever was relabelled goes back to Streamlit's own text.
 */
const state = window.__rjwLocalise || (window.__rjwLocalise = { data: null, observer: null, queued: false, touched: [] });

function monthsIn(text, months) {
  return text.replace(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g,
    (name) => months[name] || name);
}

function current(el, attr) {
  if (attr) return el.getAttribute(attr);
  const node = el.childNodes.length === 1 ? el.firstChild : null;
  return node && node.nodeType === Node.TEXT_NODE ? node.nodeValue : null;
}

function write(el, attr, value) {
  if (attr) el.setAttribute(attr, value); else el.firstChild.nodeValue = value;
}

function relabel() {
  state.queued = false;
  const data = state.data;
  if (!data) return;
  for (const selector of data.hide) {
    for (const el of document.querySelectorAll(selector)) {
      if (el.getAttribute("aria-hidden") !== "true") el.setAttribute("aria-hidden", "true");
    }
  }
  for (const rule of data.rules) {
    const pattern = rule.re || (rule.re = new RegExp(rule.p));
    for (const el of document.querySelectorAll(rule.s)) {
      const text = current(el, rule.a);
      if (text === null || !pattern.test(text)) continue;
      let next = text.replace(pattern, rule.r);
      if (rule.m) next = monthsIn(next, data.months);
      if (next === text) continue;
      state.touched.push([el, rule.a, text]);
      write(el, rule.a, next);
    }
  }
  if (state.touched.length > 2000) state.touched = state.touched.filter(([el]) => el.isConnected);
}

function schedule() {
  if (!state.queued) {
    state.queued = true;
    window.requestAnimationFrame(relabel);
  }
}

function restore() {
  for (const [el, attr, text] of state.touched.reverse()) {
    if (el.isConnected && current(el, attr) !== null) write(el, attr, text);
  }
  state.touched = [];
}

export default function (component) {
  const data = component.data;
  const root = document.documentElement;
  if (root.lang !== data.lang) root.lang = data.lang;
  if (root.dir !== data.dir) root.dir = data.dir;
  if (state.data && state.data.lang !== data.lang) restore();
  state.data = data;
  if (!state.observer) {
    state.observer = new MutationObserver(schedule);
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-label", "aria-valuetext", "aria-hidden", "title"],
    });
  }
  relabel();
}
