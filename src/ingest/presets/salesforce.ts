/**
 * Salesforce exports (Data Loader or a SOQL export: the columns are the fields' API names), read as
 * the Salesforce connector reads the same records (src/connectors/salesforce), so an export and the
 * outbound messages that follow it agree:
 *
 * Account → accounts
 *   Id             → external_id.salesforce (15 or 18 characters: one link either way)
 *   Name           → name
 *   Owner.Email    → owner (OwnerId is a Salesforce user id, which Keepwarm does not know: add
 *                    Owner.Email to the query to bring owners)
 *   Type           → stage, through connectors.salesforce.accountTypes (a type mapped to null, the
 *                    partners by default, is not tracked: the row is skipped)
 *   AnnualRevenue  → annual_value (the field named by connectors.salesforce.valueField)
 *   (renewalDateField, when configured → renewal_date)
 *
 * Task → touchpoints; a task that is not completed (Status, or IsClosed) is skipped, and so is one
 * whose Type (else TaskSubtype) connectors.salesforce.taskTypes does not map to a kind
 *   Id                                        → idempotency_key salesforce:task:<id>, the connector's
 *   AccountId, else WhatId when it is an account → account_external_id.salesforce
 *   Type, else TaskSubtype                    → kind, through connectors.salesforce.taskTypes
 *   CompletedDateTime, else ActivityDate, else LastModifiedDate → occurred_at
 *   Subject                                   → summary
 *   CallType                                  → direction (Inbound → inbound; else outbound, as the connector)
 */
import { canonicalSourceId } from "../../domain/sources.js";
import { lookUp, throughMap, type KindPreset, type Preset, type PresetField, type RowFilter, type Translated } from "./preset.js";

const SOURCE = "salesforce";
/** Account ids begin with the key prefix 001. */
const isAccountId = (id: string) => id.startsWith("001");
const as = (value: string | null): Translated => ({ value });

const taskAccount: PresetField = {
  headers: ["AccountId", "WhatId"],
  translate: (id, header) =>
    header === "WhatId" && !isAccountId(id) ? { problem: `${id} is not an account, and the task's AccountId is empty` } : as(id),
};

/** Data Loader writes an offset without its colon (+0000); the schemas want +00:00. */
const dateTime: PresetField["translate"] = (value) => as(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));

const completed: RowFilter = {
  headers: ["IsClosed", "Status"],
  skips(cell) {
    const closed = cell("IsClosed")?.toLowerCase();
    const status = cell("Status");
    if (closed === "true" || closed === "1" || status?.toLowerCase() === "completed") return null;
    if (closed === undefined && status === undefined) return null; // the export says nothing about it
    return `Status is ${status || "empty"} (not completed)`;
  },
};

export const salesforcePreset: Preset = {
  name: SOURCE,
  title: "Salesforce",
  kinds: {
    accounts: (maps): KindPreset => {
      const { accountTypes, valueField, renewalDateField } = maps.salesforce;
      return {
        export: "Account export",
        fields: {
          "external_id.salesforce": { headers: ["Id"] },
          name: { headers: ["Name"] },
          owner: { headers: ["Owner.Email"] },
          stage: { headers: ["Type"], translate: throughMap(accountTypes, { where: "connectors.salesforce.accountTypes", skipped: "not tracked", unknown: "problem" }) },
          ...(valueField ? { annual_value: { headers: [valueField] } } : {}),
          ...(renewalDateField ? { renewal_date: { headers: [renewalDateField] } } : {}),
        },
      };
    },
    touchpoints: (maps): KindPreset => {
      const types = maps.salesforce.taskTypes;
      const byType = throughMap(types, { where: "connectors.salesforce.taskTypes", skipped: "not a touchpoint", unknown: "skip" });
      return {
        export: "Task export",
        fields: {
          idempotency_key: { headers: ["Id"], translate: (id) => as(`salesforce:task:${canonicalSourceId(SOURCE, id)}`) },
          "account_external_id.salesforce": taskAccount,
          kind: {
            headers: ["Type", "TaskSubtype"],
            // A type the map does not know falls back to the subtype's kind (a logged call's subtype is Call).
            translate: (value, header, cell) => {
              const subtype = cell("TaskSubtype");
              return header === "Type" && !lookUp(types, value) && subtype ? byType(subtype, "TaskSubtype") : byType(value, header);
            },
          },
          direction: { headers: ["CallType"], translate: (callType) => as(callType.toLowerCase() === "inbound" ? "inbound" : "outbound") },
          occurred_at: { headers: ["CompletedDateTime", "ActivityDate", "LastModifiedDate"], translate: dateTime },
          summary: { headers: ["Subject"], translate: (subject) => as(subject.slice(0, 2000)) },
        },
        skipEmpty: ["kind"],
        filters: [completed],
      };
    },
  },
};
