// Streamlit's own chrome speaks English only: Streamlit (1.67) has no setting or API for the text
// of its connection-error dialog. rjwChromeI18n(strings, direction), called in the page (the
// bridge component's JavaScript: components v2 run in the page's own document), watches for
// Streamlit's dialogs and replaces each text it knows, matched exactly, with the page language's
// text. Calling it again (another language) only swaps the table. It keeps working while the
// server is gone, which is when the dialog shows.
function rjwChromeI18n(strings, direction) {
  "use strict";
  var state = window.__rjwChromeI18n;
  if (state) {
    state.strings = strings;
    state.direction = direction;
    state.translate();
    return;
  }
  state = window.__rjwChromeI18n = { strings: strings, direction: direction };
  function translateNode(element) {
    var text = element.textContent.trim();
    var wanted = Object.prototype.hasOwnProperty.call(state.strings, text) ? state.strings[text] : null;
    if (wanted !== null && element.children.length === 0) {
      element.setAttribute("data-rjw-original", text);
      element.textContent = wanted;
      element.setAttribute("dir", state.direction);
    }
  }
  state.translate = function () {
    var dialogs = document.querySelectorAll("[data-testid='stDialog']");
    for (var i = 0; i < dialogs.length; i++) {
      var nodes = dialogs[i].querySelectorAll("h2, div, p, span");
      for (var j = 0; j < nodes.length; j++) translateNode(nodes[j]);
    }
  };
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; state.translate(); });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  state.translate();
}
