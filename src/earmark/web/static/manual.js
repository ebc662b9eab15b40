// The "request it by title" form: a manual request for a book the Audible catalog does not list.
(function () {
  "use strict";

  const E = () => window.earmark;

  function manualRequest(title) {
    return {
      title: title || "", author: "", isbn: "", year: "",
      busy: false, error: "", field: null, created: null,
      async send() {
        this.busy = true; this.error = ""; this.field = null;
        const body = { title: this.title, author: this.author };
        if (String(this.isbn).trim()) body.isbn = String(this.isbn).trim();
        if (String(this.year).trim()) body.year = Number(this.year);
        try {
          const { data } = await E().api("POST", "/api/requests/manual", body);
          this.created = data;
        } catch (err) {
          this.error = err.message;
          this.field = err.field;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("manualRequest", manualRequest);
  });
})();
