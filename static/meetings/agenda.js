// Agenda builder (Sitzungsdienst): move items and switch them between the public and the
// non-public part without reloading the page. Without JavaScript the same forms post and
// the page reloads; with it, they post in the background and the server answers with the
// agenda's new rows (templates/meetings/_agenda_rows.html), which replace the old ones.
(function () {
  "use strict";

  function announce(text, isError) {
    var status = document.getElementById("agenda-status");
    if (!status) { return; }
    status.textContent = text || "";
    status.classList.toggle("visually-hidden", !isError);
    status.classList.toggle("message", Boolean(isError));
    status.classList.toggle("message-error", Boolean(isError));
  }

  function submit(form, submitter) {
    var table = document.getElementById("agenda-builder");
    var data = new FormData(form);
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var focusValue = submitter ? submitter.value : "";
    table.classList.add("busy");
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Agenda-Builder": "1" }
    }).then(function (response) {
      return response.text().then(function (html) {
        var holder = document.createElement("table");
        holder.innerHTML = html;
        var rows = holder.querySelector("#agenda-rows");
        if (!rows) { throw new Error("unexpected answer"); }
        document.getElementById("agenda-rows").replaceWith(rows);
        announce(rows.getAttribute("data-message"), rows.hasAttribute("data-error"));
        // Keep the keyboard where it was: on the same button of the moved item.
        var moved = Array.prototype.find.call(rows.querySelectorAll("form"), function (other) {
          return other.action === form.action;
        });
        var button = moved && Array.prototype.find.call(moved.querySelectorAll("button"), function (other) {
          return other.value === focusValue;
        });
        if (button) { button.focus(); }
      });
    }).catch(function () {
      // Fall back to the ordinary form post (full page) when the background request fails.
      form.setAttribute("data-fallback", "1");
      if (submitter) { form.requestSubmit(submitter); } else { form.submit(); }
    }).finally(function () {
      table.classList.remove("busy");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var table = document.getElementById("agenda-builder");
    if (!table || !window.fetch) { return; }
    table.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.classList.contains("agenda-action") || form.hasAttribute("data-fallback")) { return; }
      var action = form.getAttribute("action") || "";
      // Removing an item changes what the other forms on the page offer: that one reloads.
      if (action.indexOf("/entfernen/") !== -1) { return; }
      event.preventDefault();
      submit(form, event.submitter);
    });
  });
})();
