/* The paper form, smoother with JavaScript; everything here also works without it.
 *
 * - A failed save: focus moves to the error summary; its links focus the field (the
 *   rich-text editor instead of its hidden textarea).
 * - The Beratungsfolge: the row buttons (add, remove, up, down) change the rows in place
 *   instead of sending the form; the rows are renumbered so that the server reads them in
 *   the order shown. Without JavaScript the same buttons ask the server to do it.
 * - The meeting of a row offers only meetings of the Gremium chosen in that row.
 * - The author: only the field the chosen paper type asks for (a faction or a person) is
 *   shown, none for the administration's types; without JavaScript both, with a hint.
 */
(function () {
  "use strict";

  function focusField(id) {
    var target = document.getElementById(id + "_editor") || document.getElementById(id);
    if (!target) { return false; }
    if (target.hidden || target.offsetParent === null) {
      target = target.closest("[tabindex]") || target;
    }
    target.focus();
    if (target.scrollIntoView) { target.scrollIntoView({ block: "center" }); }
    return true;
  }

  function setUpSummary() {
    var summary = document.getElementById("fehler");
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (link && focusField(link.getAttribute("href").slice(1))) { event.preventDefault(); }
    });
  }

  function setUpRows(list) {
    var prefix = list.getAttribute("data-prefix");
    var form = list.closest("form");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var initial = form.querySelector("input[name='" + prefix + "-INITIAL_FORMS']");
    var maximum = parseInt(form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']").value, 10) || 20;
    var status = list.parentNode.querySelector("[data-row-status]");
    var addButton = list.parentNode.querySelector("[data-row-action='neu']");
    var pattern = new RegExp("^(id_)?" + prefix + "-\\d+-");

    function rows() { return Array.prototype.slice.call(list.children); }

    function renumber() {
      var all = rows();
      all.forEach(function (row, index) {
        Array.prototype.forEach.call(row.querySelectorAll("[name], [id], label[for]"), function (element) {
          ["name", "id", "for"].forEach(function (attribute) {
            var value = element.getAttribute(attribute);
            if (value && pattern.test(value)) {
              element.setAttribute(attribute, value.replace(pattern, "$1" + prefix + "-" + index + "-"));
            }
          });
        });
        Array.prototype.forEach.call(row.querySelectorAll("[data-row-number]"), function (number) {
          number.textContent = String(index + 1);
        });
        Array.prototype.forEach.call(row.querySelectorAll("[data-row-action]"), function (button) {
          var action = button.getAttribute("data-row-action");
          button.value = action + "-" + index;
          button.hidden = (action === "hoch" && index === 0) || (action === "runter" && index === all.length - 1);
        });
      });
      total.value = String(all.length);
      // Every row is sent as a new one; the server matches them to the stored steps by position.
      initial.value = "0";
      addButton.hidden = all.length >= maximum;
    }

    function announce(message) {
      if (status) { status.textContent = message; }
    }

    function clear(row) {
      Array.prototype.forEach.call(row.querySelectorAll("select"), function (select) {
        Array.prototype.forEach.call(select.options, function (option) { option.defaultSelected = false; });
        select.value = select.name.slice(-5) === "-role" ? "preliminary" : "";
      });
      row.classList.remove("field-error");
      Array.prototype.forEach.call(row.querySelectorAll(".errorlist"), function (errors) { errors.remove(); });
      Array.prototype.forEach.call(row.querySelectorAll("[aria-invalid]"), function (field) {
        field.removeAttribute("aria-invalid");
        field.removeAttribute("aria-describedby");
      });
    }

    function filterMeetings(row) {
      var organization = row.querySelector("select[name$='-organization']");
      var meeting = row.querySelector("select[name$='-target_meeting']");
      if (!organization || !meeting) { return; }
      var chosen = organization.selectedIndex > 0 ? organization.options[organization.selectedIndex].text : null;
      Array.prototype.forEach.call(meeting.querySelectorAll("optgroup"), function (group) {
        var fits = chosen !== null && group.label === chosen;
        group.hidden = !fits;
        group.disabled = !fits;
      });
      var selected = meeting.options[meeting.selectedIndex];
      if (selected && selected.parentNode.nodeName === "OPTGROUP" && selected.parentNode.disabled) {
        meeting.value = "";
      }
    }

    list.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.slice(-13) === "-organization") {
        filterMeetings(event.target.closest("li"));
      }
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-row-action]");
      if (!button || !form.contains(button)) { return; }
      event.preventDefault();
      var action = button.getAttribute("data-row-action");
      var all = rows();
      if (action === "neu") {
        if (all.length >= maximum) { return; }
        var copy = all[all.length - 1].cloneNode(true);
        clear(copy);
        list.appendChild(copy);
        renumber();
        filterMeetings(copy);
        copy.querySelector("select").focus();
        announce("Zeile " + (all.length + 1) + " hinzugefügt.");
        return;
      }
      var row = button.closest("li");
      var index = all.indexOf(row);
      if (action === "entfernen") {
        if (all.length === 1) {
          clear(row);
          filterMeetings(row);
          renumber();
        } else {
          var next = all[index + 1] || all[index - 1];
          row.remove();
          renumber();
          next.querySelector("select").focus();
        }
        announce("Zeile " + (index + 1) + " entfernt.");
        return;
      }
      if (action === "hoch" && index > 0) {
        list.insertBefore(row, all[index - 1]);
      } else if (action === "runter" && index < all.length - 1) {
        list.insertBefore(all[index + 1], row);
      } else {
        return;
      }
      renumber();
      var again = row.querySelector("[data-row-action='" + action + "']");
      (again.hidden ? row.querySelector("select") : again).focus();
      announce("Zeile verschoben, jetzt Zeile " + (rows().indexOf(row) + 1) + ".");
    });

    rows().forEach(filterMeetings);
    renumber();
  }

  function setUpAuthor(select) {
    var fieldset = select.form.querySelector("[data-author-fields]");
    if (!fieldset) { return; }
    var hint = fieldset.querySelector("[data-author-hint]");
    function show() {
      var option = select.options[select.selectedIndex];
      var kind = (option && option.getAttribute("data-author-kind")) || "administration";
      fieldset.hidden = kind === "administration";
      if (hint) { hint.hidden = true; }
      Array.prototype.forEach.call(fieldset.querySelectorAll("[data-author-kind]"), function (part) {
        part.hidden = part.getAttribute("data-author-kind") !== kind;
      });
    }
    select.addEventListener("change", show);
    show();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".consultation-rows[data-prefix]"), setUpRows);
    Array.prototype.forEach.call(document.querySelectorAll("select[name='paper_type']"), setUpAuthor);
    setUpSummary();
  });
})();
