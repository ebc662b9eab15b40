// Forms for the structured settings (lists and mappings), so nobody edits JSON by hand.
// Each widget is a <fieldset data-key data-kind="widget"> whose data-value holds the setting in
// its stored format; the settings form reads it on save (components.js, settingsForm.collect).
(function () {
  "use strict";

  const E = () => window.earmark;
  let nextRow = 0;
  const row = (fields) => ({ row: ++nextRow, ...fields });
  const asNumber = (text) => (text === "" || text === null || text === undefined ? null : Number(text));

  // One input per item (categories, allowed groups...), with add and remove.
  function listWidget(initial, itemType) {
    return {
      items: (initial || []).map((value) => row({ value: String(value) })),
      add() {
        this.items.push(row({ value: "" }));
        this.$nextTick(() => { const inputs = this.$root.querySelectorAll("input"); if (inputs.length) inputs[inputs.length - 1].focus(); });
      },
      remove(index) { this.items.splice(index, 1); },
      value() {
        const filled = this.items.map((item) => String(item.value).trim()).filter((text) => text !== "");
        return itemType === "number" ? filled.map(Number) : filled;
      },
    };
  }

  // Name -> number rows (flag bonuses).
  function pairsWidget(initial) {
    return {
      rows: Object.entries(initial || {}).map(([name, amount]) => row({ name, amount: String(amount) })),
      add() {
        this.rows.push(row({ name: "", amount: "0" }));
        this.$nextTick(() => { const names = this.$root.querySelectorAll("[data-part=name]"); if (names.length) names[names.length - 1].focus(); });
      },
      remove(index) { this.rows.splice(index, 1); },
      value() {
        const pairs = this.rows.filter((r) => r.name.trim() !== "").map((r) => [r.name.trim(), asNumber(r.amount)]);
        return Object.fromEntries(pairs);
      },
    };
  }

  // A checkbox per allowed value (ranking rules switched off); the value keeps the options' order.
  function choicesWidget(initial, options) {
    return {
      chosen: [...(initial || [])],
      value() { return options.filter((code) => this.chosen.includes(code)); },
    };
  }

  // Prowlarr's indexers with a toggle, priority, RSS and seeding goals each. The list comes from
  // the configured Prowlarr (the connection test answers with it); choices already stored stay
  // listed even when Prowlarr cannot be reached or no longer has them.
  function indexerPicker(initial, defaults) {
    const fromStored = (choice) => row({ ...defaults, ...choice, enabled: true, protocol: "", missing: false });
    return {
      rows: (initial || []).map(fromStored),
      loading: false, note: "", problem: "",
      async load(form) {
        const url = form.querySelector('[data-key$="prowlarr_url"]');
        const key = form.querySelector('[data-key$="prowlarr_api_key"]');
        if (!url || !url.value) { this.note = "Enter Prowlarr's URL and API key to list its indexers."; return; }
        this.loading = true; this.problem = ""; this.note = "";
        try {
          const { data } = await E().api("POST", E().endpoints.settingsTest("prowlarr"), { url: url.value, api_key: key ? key.value : "" });
          if (!data.ok) { this.problem = `Prowlarr's indexers could not be listed: ${data.message}`; return; }
          this.merge((data.details || {}).indexers || []);
          this.note = data.message;
        } catch (err) {
          this.problem = `Prowlarr's indexers could not be listed: ${err.message}`;
        } finally {
          this.loading = false;
        }
      },
      merge(found) {
        const stored = new Map(this.rows.map((r) => [r.id, r]));
        const listed = found.map((indexer) => {
          const known = stored.get(indexer.id);
          stored.delete(indexer.id);
          return known ? { ...known, name: indexer.name, protocol: indexer.protocol, missing: false }
            : row({ ...defaults, id: indexer.id, name: indexer.name, protocol: indexer.protocol, enabled: false, missing: false });
        });
        const gone = [...stored.values()].filter((r) => r.enabled).map((r) => ({ ...r, missing: true }));
        this.rows = [...listed, ...gone];
      },
      value() {
        return this.rows.filter((r) => r.enabled).map((r) => ({
          id: r.id, name: r.name, priority: asNumber(r.priority), rss: !!r.rss,
          seeding_time_minutes: asNumber(r.seeding_time_minutes), ratio_limit: asNumber(r.ratio_limit),
        }));
      },
    };
  }

  document.addEventListener("alpine:init", () => {
    window.Alpine.data("listWidget", listWidget);
    window.Alpine.data("pairsWidget", pairsWidget);
    window.Alpine.data("choicesWidget", choicesWidget);
    window.Alpine.data("indexerPicker", indexerPicker);
  });
})();
