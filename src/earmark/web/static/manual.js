// Requests by hand (docs/requests.md): the "request it by title" form, and on a request's page
// the admin's tools to import existing files or attach a hand-found release.
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

  function fileAsBase64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
      reader.onerror = () => reject(new Error("The file could not be read."));
      reader.readAsDataURL(file);
    });
  }

  function requestByHand(id) {
    return {
      id, path: "", link: "", roots: [], busy: false, ok: "", error: "",
      async init() {
        try {
          const { data } = await E().api("GET", "/api/requests/import-roots");
          this.roots = data.roots;
        } catch (err) { /* the hint is optional */ }
      },
      async run(path, body, done) {
        this.busy = true; this.ok = ""; this.error = "";
        try {
          const { data } = await E().api("POST", path, body);
          this.ok = `${done} The request is now ${data.step.toLowerCase()}.`;
          E().refresh("[data-live]");
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      importFolder() {
        return this.run(`/api/requests/${this.id}/import-existing`, { path: this.path }, "Import queued.");
      },
      async attach() {
        const file = this.$refs.file && this.$refs.file.files[0];
        let body = { link: this.link };
        if (file) {
          try {
            body = { file_name: file.name, file_base64: await fileAsBase64(file) };
          } catch (err) {
            this.error = err.message;
            return;
          }
        }
        return this.run(`/api/requests/${this.id}/attach-release`, body, "Release sent to the download step.");
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("manualRequest", manualRequest);
    window.Alpine.data("requestByHand", requestByHand);
  });
})();
