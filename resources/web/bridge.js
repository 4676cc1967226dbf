/* Injected by the Qt shell (never part of the page, so exported pages stay clean).
 * Connects the QWebChannel, exposes window.explorerBridge, says ready, and
 * reports once the map has drawn and a frame has been painted. */
(function () {
  "use strict";
  if (typeof QWebChannel === "undefined" || !window.qt || !qt.webChannelTransport) return;
  new QWebChannel(qt.webChannelTransport, function (channel) {
    var bridge = channel.objects.bridge;
    window.explorerBridge = bridge;
    bridge.ready();
    if (window.AtlasExplorer && AtlasExplorer.onDrawn) {
      AtlasExplorer.onDrawn(function () { bridge.drawn(); });
    }
  });
})();
