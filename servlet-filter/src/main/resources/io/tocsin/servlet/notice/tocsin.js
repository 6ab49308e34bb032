/* Tocsin: makes the banner take its own room at the top of the page and keeps it above the page.
   Served from the site itself ({path}/tocsin.js), so pages with script-src 'self' run it; the filter
   leaves the <script> out where the page's Content-Security-Policy would refuse it. Without it (no
   JavaScript, an old browser) the banner is a fixed overlay at the top, as tocsin.css draws it.
   See docs/VISITOR.md for the reasoning and the measurements. */
(function () {
  "use strict";
  var script = document.currentScript;
  var host = script && script.parentNode;
  if (!host || host.id !== "tocsin-banner" || !host.shadowRoot) {
    return;
  }
  var bar = host.shadowRoot.querySelector(".tocsin-banner-bar");
  if (!bar || typeof bar.showPopover !== "function") {
    return; // no Popover API: the fixed overlay stays
  }
  var html = document.documentElement;
  var room = 0;                 // the height reserved at the top, in CSS pixels
  var basePadding = null;       // the page's own padding-top on <html>
  var fixedHeight = false;      // whether <html> keeps the viewport's height (see layout)
  var shifted = new Map();      // fixed or sticky elements moved down: element -> their own top, px
  var scanned = 0;
  var MAX_SCAN = 4000;          // elements looked at once; later ones only as they are added

  // The top layer: above any z-index, and re-entered whenever the page puts something there later
  // (a modal dialog, a popover, a fullscreen element), so the banner stays the topmost.
  bar.setAttribute("popover", "manual");
  host.setAttribute("data-tocsin-layer", "top");
  function promote() {
    try {
      if (bar.matches(":popover-open")) {
        bar.hidePopover();
      }
      bar.showPopover();
    } catch (e) {
      // a page that removed the banner: nothing to keep on top
    }
  }
  promote();

  function px(value) {
    var n = parseFloat(value);
    return isNaN(n) ? 0 : n;
  }

  // Room: the page below starts under the banner (padding on <html>, so any body display works), and
  // the page's own fixed and sticky headers move down by the banner's height instead of under it.
  function shift(el) {
    if (el === host || el.nodeType !== 1) {
      return;
    }
    var own = shifted.get(el);
    if (own === undefined) {
      var cs = getComputedStyle(el);
      if ((cs.position !== "fixed" && cs.position !== "sticky") || cs.top === "auto" || px(cs.top) >= 64) {
        return;
      }
      // a fixed element that already moved down with the page is fixed to a transformed ancestor,
      // not to the viewport: it needs no more room
      if (cs.position === "fixed" && room > 0 && el.getBoundingClientRect().top >= px(cs.top) + room - 1) {
        return;
      }
      own = px(cs.top);
      shifted.set(el, own);
    }
    el.style.setProperty("top", (own + room) + "px", "important");
  }

  function layout() {
    // on a phone page wider than the screen, the layout viewport grows with the page: the bar keeps
    // to the visual viewport, so that Dismiss stays on screen
    var visual = window.visualViewport;
    if (visual && visual.width < window.innerWidth - 0.5) {
      bar.style.setProperty("width", visual.width + "px", "important");
    } else {
      bar.style.removeProperty("width");
    }
    var height = Math.ceil(bar.getBoundingClientRect().height);
    if (height === room && !fixedHeight) {
      return;
    }
    room = height;
    if (basePadding === null) {
      basePadding = px(getComputedStyle(html).paddingTop);
      // a full-height layout in a viewport that cannot scroll (overflow: hidden on the root or the
      // body) would lose its bottom edge: its root shrinks by the banner's height instead
      var rootStyle = getComputedStyle(html), bodyStyle = document.body ? getComputedStyle(document.body) : rootStyle;
      fixedHeight = /hidden|clip/.test(rootStyle.overflowY + bodyStyle.overflowY)
          && Math.abs(html.getBoundingClientRect().height - window.innerHeight) < 2;
    }
    html.style.setProperty("padding-top", (basePadding + room) + "px", "important");
    html.style.setProperty("scroll-padding-top", room + "px");
    if (fixedHeight) {
      html.style.setProperty("box-sizing", "border-box", "important");
      html.style.setProperty("height", window.innerHeight + "px", "important");
    }
    shifted.forEach(function (own, el) {
      el.style.setProperty("top", (own + room) + "px", "important");
    });
  }

  function scan() {
    var all = document.body ? document.body.getElementsByTagName("*") : [];
    for (; scanned < all.length && scanned < MAX_SCAN; scanned++) {
      shift(all[scanned]);
    }
  }

  layout();
  scan();
  if (window.ResizeObserver) {
    new ResizeObserver(layout).observe(bar);
  }
  window.addEventListener("resize", layout);
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", layout);
  }
  document.addEventListener("DOMContentLoaded", scan);
  window.addEventListener("load", scan);

  // Later changes: new headers and overlays (looked at once per frame, so a page that adds many
  // elements costs one style pass), and anything entering the top layer.
  var added = [];
  function shiftAdded() {
    var nodes = added;
    added = [];
    for (var i = 0; i < nodes.length; i++) {
      shift(nodes[i]);
      var inner = nodes[i].getElementsByTagName("*");
      for (var k = 0; k < inner.length && k < 200; k++) {
        shift(inner[k]);
      }
    }
  }
  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === "attributes") {
        if (r.target !== host && r.target.hasAttribute("open")) {
          promote(); // a dialog opened
        }
        continue;
      }
      for (var j = 0; j < r.addedNodes.length; j++) {
        var node = r.addedNodes[j];
        if (node.nodeType === 1 && node !== host && added.length < 500) {
          if (added.length === 0) {
            window.requestAnimationFrame(shiftAdded);
          }
          added.push(node);
        }
      }
    }
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true, attributeFilter: ["open"]});
  document.addEventListener("toggle", function (e) {
    if (e.target !== host && e.newState === "open") {
      promote(); // a popover (or dialog) of the page opened
    }
  }, true);
  document.addEventListener("fullscreenchange", promote);
})();
