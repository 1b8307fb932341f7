/* A small rich-text editor for resolution text and reasoning, without a build step.
 *
 * Every <textarea data-richtext> gets a toolbar (paragraph, bold, italic, lists) and an
 * editable area; what is written there is copied into the textarea, which is what the
 * form sends. The server sanitises it against the allow-list. Without JavaScript the
 * textarea itself is the editor.
 */
(function () {
  "use strict";

  var BUTTONS = [
    { command: "formatBlock", value: "p", label: "Absatz", text: "¶" },
    { command: "bold", label: "Fett", text: "F", className: "bold" },
    { command: "italic", label: "Kursiv", text: "K", className: "italic" },
    { command: "insertUnorderedList", label: "Aufzählung", text: "• Liste" },
    { command: "insertOrderedList", label: "Nummerierte Liste", text: "1. Liste" }
  ];

  // The allow-list of resolutions/richtext.py; anything else is dropped (script, style) or
  // replaced by its content. The editor never assigns HTML it was given: it builds elements
  // and text nodes itself, so a posted `<img onerror=…>` cannot run after a form error.
  var ALLOWED = ["p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"];
  var DROPPED = ["script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript"];
  var LOOKS_LIKE_HTML = /<\s*\/?\s*[a-zA-Z][^>]*>/;
  var SAFE_URL = /^(https?:|mailto:)/i;

  function copyAllowed(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.appendChild(document.createTextNode(node.nodeValue));
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) { return; }
      var tag = node.nodeName.toLowerCase();
      if (DROPPED.indexOf(tag) !== -1) { return; }
      if (ALLOWED.indexOf(tag) === -1) {
        copyAllowed(node, target);
        return;
      }
      var element = document.createElement(tag);
      if (tag === "a") {
        var href = (node.getAttribute("href") || "").trim();
        if (SAFE_URL.test(href)) { element.setAttribute("href", href); }
        if (node.getAttribute("title")) { element.setAttribute("title", node.getAttribute("title")); }
      }
      copyAllowed(node, element);
      target.appendChild(element);
    });
  }

  // What the textarea holds, as the editor's content: HTML reduced to the allow-list (parsed
  // in an inert document that runs and loads nothing), or plain text as paragraphs.
  function fill(area, value) {
    var content = document.createDocumentFragment();
    value = value.trim();
    if (LOOKS_LIKE_HTML.test(value)) {
      var parsed = new DOMParser().parseFromString(value, "text/html");
      copyAllowed(parsed.body, content);
    } else if (value) {
      value.replace(/\r\n/g, "\n").split(/\n\s*\n/).forEach(function (part) {
        if (!part.trim()) { return; }
        var paragraph = document.createElement("p");
        part.trim().split("\n").forEach(function (line, index) {
          if (index) { paragraph.appendChild(document.createElement("br")); }
          paragraph.appendChild(document.createTextNode(line));
        });
        content.appendChild(paragraph);
      });
    }
    if (!content.childNodes.length) {
      // Start inside a paragraph, so the first line is a <p> like the following ones.
      var empty = document.createElement("p");
      empty.appendChild(document.createElement("br"));
      content.appendChild(empty);
    }
    while (area.firstChild) { area.removeChild(area.firstChild); }
    area.appendChild(content);
  }

  function setUp(textarea) {
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    var wrapper = document.createElement("div");
    wrapper.className = "richtext";

    var toolbar = document.createElement("div");
    toolbar.className = "richtext-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Formatierung" + (label ? ": " + label.textContent.trim() : ""));

    var area = document.createElement("div");
    area.className = "richtext-area";
    area.contentEditable = "true";
    area.id = textarea.id + "_editor";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || textarea.id + "_label";
      area.setAttribute("aria-labelledby", label.id);
      label.setAttribute("for", area.id);
      label.addEventListener("click", function () { area.focus(); });
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) { area.setAttribute("aria-describedby", described); }
    if (textarea.getAttribute("aria-invalid")) { area.setAttribute("aria-invalid", "true"); }
    fill(area, textarea.value);

    BUTTONS.forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = spec.text;
      button.title = spec.label;
      button.setAttribute("aria-label", spec.label);
      button.className = "richtext-button" + (spec.className ? " " + spec.className : "");
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(spec.command, false, spec.value || null);
        sync();
      });
      toolbar.appendChild(button);
    });

    // Browsers write <b>, <i> and non-breaking spaces; store the semantic tags and plain spaces.
    function sync() {
      var copy = area.cloneNode(true);
      [["b", "strong"], ["i", "em"]].forEach(function (pair) {
        Array.prototype.forEach.call(copy.querySelectorAll(pair[0]), function (old) {
          var replacement = document.createElement(pair[1]);
          while (old.firstChild) { replacement.appendChild(old.firstChild); }
          old.parentNode.replaceChild(replacement, old);
        });
      });
      // A list started inside a paragraph is nested in it (<p><ul>…</ul></p>), which is not
      // valid HTML and would leave empty paragraphs behind; lift such lists out.
      Array.prototype.forEach.call(copy.querySelectorAll("p > ul, p > ol"), function (list) {
        var paragraph = list.parentNode;
        paragraph.parentNode.insertBefore(list, paragraph.nextSibling);
        if (!paragraph.textContent.trim()) { paragraph.parentNode.removeChild(paragraph); }
      });
      textarea.value = copy.innerHTML.replace(/&nbsp;/g, " ").replace(/<p><br><\/p>/g, "");
    }

    area.addEventListener("input", sync);
    area.addEventListener("blur", sync);
    area.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) { return; }
      var key = event.key.toLowerCase();
      if (key === "b" || key === "i") {
        event.preventDefault();
        document.execCommand(key === "b" ? "bold" : "italic", false, null);
        sync();
      }
    });
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }

    document.execCommand("defaultParagraphSeparator", false, "p");
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea);
    textarea.hidden = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-richtext]"), setUp);
  });
})();
