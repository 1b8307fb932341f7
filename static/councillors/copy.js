// "Adresse kopieren": copies the value of the field a button names (data-copy="<id>") and says so.
// Without JavaScript the button stays hidden; the address can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        if (status) {
          status.textContent = "Die Adresse ist in die Zwischenablage kopiert.";
        }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select();
          document.execCommand("copy");
          done();
        });
      } else {
        field.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
