// tongban 通办: small conveniences on top of htmx; every page works without them.
(function () {
  // Send the CSRF token with every htmx request.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
  });
  // Keyboard: Alt+N opens the registration form, Alt+L the list, Alt+W the workbench.
  document.addEventListener("keydown", function (event) {
    if (!event.altKey) { return; }
    var target = { n: "/orders/new", l: "/orders", w: "/" }[event.key.toLowerCase()];
    if (target) { event.preventDefault(); window.location.href = target; }
  });
})();
