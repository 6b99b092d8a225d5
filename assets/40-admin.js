/* Kota Cerdas: the admin upload refuses a file above MAX_UPLOAD_MB before sending it, and says so.
 * dcc.Upload drops such a file silently (react-dropzone's maxSize); this listener reads the limit
 * and the message from #admin-upload-holder and shows it in #admin-upload-note. */
(function () {
  "use strict";

  function sizeText(bytes, lang) {
    var mb = bytes / 1048576;
    var text = mb >= 1 ? mb.toFixed(1) + " MB" : (bytes / 1024).toFixed(1) + " KB";
    return lang === "id" ? text.replace(".", ",") : text;
  }

  function check(event) {
    var holder = document.getElementById("admin-upload-holder");
    if (!holder || !holder.contains(event.target)) { return; }
    var files = (event.dataTransfer && event.dataTransfer.files) || (event.target && event.target.files);
    if (!files || !files.length) { return; }
    var limit = parseInt(holder.getAttribute("data-max-bytes") || "0", 10);
    var file = files[0];
    if (!limit || file.size <= limit || !window.dash_clientside || !window.dash_clientside.set_props) {
      return;
    }
    var lang = holder.getAttribute("data-lang") || "id";
    var message = (holder.getAttribute("data-too-large") || "")
      .replace("{name}", file.name)
      .replace("{size}", sizeText(file.size, lang))
      .replace("{limit}", sizeText(limit, lang));
    window.dash_clientside.set_props("admin-upload-note", {
      children: {type: "Div", namespace: "dash_html_components",
                 props: {children: message, className: "alert alert-danger mb-0"}}
    });
  }

  document.addEventListener("change", check, true);
  document.addEventListener("drop", check, true);
})();
