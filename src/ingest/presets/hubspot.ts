/**
 * HubSpot's companies export (CRM → Companies → Export, CSV), read as accounts. The export names its
 * columns by the properties' labels; the ones Keepwarm reads:
 *
 *   Record ID        → external_id.hubspot (the company id the HubSpot connector matches by)
 *   Company name     → name
 *   Company owner    → owner (the owner's name, or email, matched to a person Keepwarm knows)
 *   Lifecycle Stage  → stage, through connectors.hubspot.stages (labels such as "Marketing Qualified
 *                      Lead" and internal values such as marketingqualifiedlead alike; a stage mapped to
 *                      null, "Other" by default, is not tracked: the row is skipped, as the connector does)
 *   Annual Revenue   → annual_value
 *
 * Every other column of the export is ignored.
 */
import { throughMap, type Preset } from "./preset.js";

export const hubspotPreset: Preset = {
  name: "hubspot",
  title: "HubSpot",
  kinds: {
    accounts: (maps) => ({
      export: "companies export",
      fields: {
        "external_id.hubspot": { headers: ["Record ID"] },
        name: { headers: ["Company name"] },
        owner: { headers: ["Company owner"] },
        stage: {
          headers: ["Lifecycle Stage"],
          translate: throughMap(maps.hubspot.stages, { where: "connectors.hubspot.stages", skipped: "not tracked", unknown: "problem" }),
        },
        annual_value: { headers: ["Annual Revenue"] },
      },
    }),
  },
};
