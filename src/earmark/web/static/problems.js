// Problem reports (docs/problems.md): a requester reports a wrong copy; an admin replaces it or
// keeps it (dismisses the report) with a note the requester sees.
(function () {
  "use strict";

  const E = () => window.earmark;
  const paths = {
    report: (id) => `/api/requests/${id}/problem`,
    replace: (id) => `/api/requests/${id}/replace`,
    dismiss: (id) => `/api/requests/${id}/dismiss-problem`,
  };

  function problemReport(id) {
    return {
      id, reason: "", note: "", adminNote: "", busy: false,
      async report() {
        if (!this.reason) { E().toast("Choose what is wrong with this copy.", "red"); return; }
        this.busy = true;
        const body = { reason: this.reason, note: this.note || null };
        const done = await E().act("POST", paths.report(this.id), body, "Problem reported; an admin will look at it.");
        this.busy = false;
        if (done) this.after();
      },
      async replace() {
        const question = "Earmark blocklists this release and searches for another. The current files stay until the new copy is imported, and stay for good if none is found.";
        if (!(await E().confirm(question, { title: "Replace this copy?", confirmLabel: "Replace", cancelLabel: "Not now" }))) return;
        await this.decide(paths.replace(this.id), "Replacement started.");
      },
      async dismiss() {
        const question = "The report is closed and the copy stays. The requester sees your note.";
        if (!(await E().confirm(question, { title: "Keep this copy?", confirmLabel: "Keep it", cancelLabel: "Not now" }))) return;
        await this.decide(paths.dismiss(this.id), "Report dismissed.");
      },
      async decide(path, success) {
        this.busy = true;
        const done = await E().act("POST", path, { note: this.adminNote || null }, success);
        this.busy = false;
        if (done) this.after();
      },
      // The admins' list has no live region: it reloads; the request page refreshes itself.
      after() {
        if (this.$root.closest("[data-problem-list]")) window.location.reload();
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("problemReport", problemReport);
  });
})();
