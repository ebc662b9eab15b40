// Account pages: creating users and invitation links (admin), redeeming an invitation,
// changing one's own password and managing one's API keys.
(function () {
  "use strict";

  const E = () => window.earmark;

  function absoluteLink(path) {
    return new URL(path, window.location.origin).href;
  }

  function newUserForm() {
    return {
      username: "", password: "", role: "user", busy: false, error: "",
      async create() {
        this.busy = true; this.error = "";
        try {
          await E().api("POST", E().endpoints.users, { username: this.username, password: this.password, role: this.role });
          window.location.reload();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function invitationsPanel() {
    return {
      items: [], role: "user", hours: 72, link: "", busy: false, error: "",
      async init() { await this.load(); },
      async load() {
        try {
          const { data } = await E().api("GET", E().endpoints.invitations);
          this.items = data.invitations;
        } catch (err) {
          this.error = err.message;
        }
      },
      expired(item) { return new Date(item.expires_at) <= new Date(); },
      when(moment) { return new Date(moment).toLocaleString(); },
      async create() {
        this.busy = true; this.error = ""; this.link = "";
        try {
          const { data } = await E().api("POST", E().endpoints.invitations, { role: this.role, expires_in_hours: Number(this.hours) });
          this.link = absoluteLink(data.path);
          await this.load();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      async copy() {
        try { await navigator.clipboard.writeText(this.link); E().toast("Link copied.", "green"); }
        catch (err) { E().toast("Copy the link by hand: the browser refused the clipboard.", "red"); }
      },
      async revoke(item) {
        if (!(await E().confirm("Its link stops working.", { title: "Revoke this invitation?", confirmLabel: "Revoke", danger: true }))) return;
        const result = await E().act("DELETE", E().endpoints.invitation(item.id), undefined, "Invitation revoked.");
        if (result) this.items = this.items.filter((other) => other.id !== item.id);
      },
    };
  }

  function invitePage(token) {
    return {
      username: "", password: "", confirm: "", busy: false, error: "",
      async accept() {
        this.error = "";
        if (this.password !== this.confirm) { this.error = "The two passwords differ."; return; }
        this.busy = true;
        try {
          await E().api("POST", E().endpoints.acceptInvitation(token), { username: this.username, password: this.password });
          window.location.href = `${E().base}/`;
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function registerPage() {
    return {
      username: "", password: "", confirm: "", busy: false, error: "", done: "",
      async register() {
        this.error = "";
        if (this.password !== this.confirm) { this.error = "The two passwords differ."; return; }
        this.busy = true;
        try {
          const { data } = await E().api("POST", E().endpoints.register, { username: this.username, password: this.password });
          this.done = data.message;
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function passwordForm() {
    return {
      current: "", next: "", confirm: "", busy: false, error: "", ok: "",
      async change() {
        this.error = ""; this.ok = "";
        if (this.next !== this.confirm) { this.error = "The two new passwords differ."; return; }
        this.busy = true;
        try {
          await E().api("POST", E().endpoints.changePassword, { current_password: this.current, new_password: this.next });
          this.current = ""; this.next = ""; this.confirm = "";
          this.ok = "Password changed. Every other session of this account has been signed out.";
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
    };
  }

  function apiKeysPanel() {
    return {
      items: [], name: "", created: "", busy: false, error: "",
      async init() { await this.load(); },
      async load() {
        try {
          const { data } = await E().api("GET", E().endpoints.apiKeys);
          this.items = data.keys;
        } catch (err) {
          this.error = err.message;
        }
      },
      when(moment) { return moment ? new Date(moment).toLocaleString() : "never"; },
      async create() {
        this.busy = true; this.error = ""; this.created = "";
        try {
          const { data } = await E().api("POST", E().endpoints.apiKeys, { name: this.name });
          this.created = data.key;
          this.name = "";
          await this.load();
        } catch (err) {
          this.error = err.message;
        } finally {
          this.busy = false;
        }
      },
      async revoke(item) {
        if (!(await E().confirm("Scripts using it stop working.", { title: `Revoke the key "${item.name}"?`, confirmLabel: "Revoke", danger: true }))) return;
        const result = await E().act("DELETE", E().endpoints.apiKey(item.id), undefined, "Key revoked.");
        if (result) this.items = this.items.filter((other) => other.id !== item.id);
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("newUserForm", newUserForm);
    window.Alpine.data("invitationsPanel", invitationsPanel);
    window.Alpine.data("invitePage", invitePage);
    window.Alpine.data("registerPage", registerPage);
    window.Alpine.data("passwordForm", passwordForm);
    window.Alpine.data("apiKeysPanel", apiKeysPanel);
  });
})();
