// Series and author pages: follow/unfollow, automatic requests, "request the missing ones";
// the follows page: unfollow.
(function () {
  "use strict";

  const E = () => window.earmark;

  function shelfActions(kind, key, followId, autoRequest, missing, title) {
    return {
      kind, key, followId, autoRequest, missing, title, busy: false, error: "",
      async run(work) {
        this.busy = true; this.error = "";
        try { await work(); } catch (err) { this.error = err.message; } finally { this.busy = false; }
      },
      toggleFollow() {
        return this.run(async () => {
          if (this.followId) {
            await E().api("DELETE", `/api/follows/${this.followId}`);
            this.followId = ""; this.autoRequest = false;
            E().toast(`You no longer follow ${this.title}.`, "green");
          } else {
            const { data } = await E().api("POST", "/api/follows", { kind: this.kind, key: this.key, auto_request: this.autoRequest });
            this.followId = data.id;
            E().toast(`Following ${this.title}: new books will be listed under Following.`, "green");
          }
        });
      },
      saveAuto() {
        return this.run(async () => {
          await E().api("POST", "/api/follows", { kind: this.kind, key: this.key, auto_request: this.autoRequest });
        });
      },
      async requestMissing() {
        const plural = this.missing === 1 ? "request" : "requests";
        const ok = await E().confirm(`Each book becomes its own request (${this.missing} ${plural}); books not released yet wait for their release date.`,
          { title: `Request ${this.missing} books of ${this.title}?`, confirmLabel: "Request them" });
        if (!ok) return;
        const path = this.kind === "series" ? `/api/series/${encodeURIComponent(this.key)}/request`
          : `/api/authors/request?name=${encodeURIComponent(this.key)}`;
        await this.run(async () => {
          const { data } = await E().api("POST", path);
          E().toast(data.message, data.created ? "green" : "yellow");
          window.location.reload();
        });
      },
    };
  }

  function followRow(id, label) {
    return {
      id, label, busy: false, gone: false,
      async unfollow() {
        this.busy = true;
        try {
          await E().api("DELETE", `/api/follows/${this.id}`);
          this.gone = true;
          E().toast(`You no longer follow ${this.label}.`, "green");
        } catch (err) {
          E().toast(err.message, "red");
        } finally {
          this.busy = false;
        }
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("shelfActions", shelfActions);
    window.Alpine.data("followRow", followRow);
  });
})();
