/**
 * The columns (the fields) each CSV import understands: the one list the header, --map, --set,
 * --skip-empty and the presets are checked against.
 *
 * accounts:    name*, external_id, owner, owner_email, owner_name, segment, stage, stage_since,
 *              renewal_date, annual_value, time_zone, cadence_due_days, cadence_overdue_days, and
 *              external_id.<source> for each linked system (external_id.hubspot, external_id.salesforce,
 *              external_id.zendesk: the account's id there)
 * touchpoints: account* or account_external_id*, kind*, occurred_at*, summary, by, contact,
 *              contact_role, idempotency_key, and account_external_id.<source> (the account by its id
 *              in a linked system)
 * complaints:  account* or account_external_id*, severity, summary*, opened_at, external_id,
 *              first_response_at, resolved_at, and account_external_id.<source>
 * feedback:    account* or account_external_id*, score (empty: we asked, no answer yet), scale
 *              (nps, the default, or csat), comment, contact, date, idempotency_key, and
 *              account_external_id.<source>
 * contacts:    account* or account_external_id*, name*, role, email, title, phone, and
 *              account_external_id.<source>
 *
 * (* required column; "a or b" means at least one of the two columns, and one value per row.)
 * Header names are matched ignoring case, surrounding spaces, and spaces or dashes for underscores.
 * `owner` and `account_external_id.<source>` are the CSV's own: they are resolved (csvRefs.ts) into
 * what the schemas take before a row is validated.
 */
import type { z } from "zod";
import { LINK_SOURCES } from "../domain/sources.js";
import { closest } from "./issues.js";
import { ingestAccountSchema, ingestComplaintSchema, ingestContactSchema, ingestFeedbackSchema, ingestTouchpointSchema } from "./schemas.js";

export type CsvKind = "accounts" | "touchpoints" | "complaints" | "feedback" | "contacts";
export const CSV_KINDS: readonly CsvKind[] = ["accounts", "touchpoints", "complaints", "feedback", "contacts"];

export interface Column {
  name: string;
  /** Where its value goes in the item: ["annualValue"], or ["externalIds", "zendesk"]. */
  path: string[];
  number?: true;
  /** A list in one cell: values separated by spaces, commas or semicolons ("acme.com; acme.co.uk"). */
  list?: true;
  /** Shorter names the --map, --set and --skip-empty options also take (not headers): `value` for annual_value. */
  aliases?: string[];
  /** The required column it stands in for: account_external_id.salesforce is an account_external_id. */
  variantOf?: string;
}

interface KindColumns {
  columns: Column[];
  /** Each entry: columns of which at least one must be present. */
  required: string[][];
  /** What a row becomes, validated (the fields are the columns' paths). */
  schema: z.ZodType & z.ZodObject;
}

const col = (name: string, more: Omit<Column, "name" | "path"> = {}): Column => ({
  name,
  path: [name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())],
  ...more,
});
const accountRef = [col("account"), col("account_external_id")];
const linkColumns = LINK_SOURCES.map((source): Column => ({ name: `external_id.${source}`, path: ["externalIds", source] }));
/** The account by its id in a linked system (a Salesforce Task's WhatId). */
const linkedAccountRef = LINK_SOURCES.map((source): Column => ({ name: `account_external_id.${source}`, path: ["accountLinks", source], variantOf: "account_external_id" }));

export const CSV_COLUMNS: Record<CsvKind, KindColumns> = {
  accounts: {
    columns: [
      col("name"), col("external_id"), col("owner"), col("owner_email"), col("owner_name"), col("segment"), col("stage"), col("stage_since"),
      col("renewal_date"), col("annual_value", { number: true, aliases: ["value"] }), col("time_zone"),
      col("cadence_due_days", { number: true }), col("cadence_overdue_days", { number: true }), col("domains", { list: true }),
      ...linkColumns,
    ],
    required: [["name"]],
    schema: ingestAccountSchema,
  },
  touchpoints: {
    columns: [
      ...accountRef, col("kind"), col("direction"), col("occurred_at", { aliases: ["date"] }), col("summary", { aliases: ["note"] }), col("by", { aliases: ["who"] }),
      col("contact"), col("contact_role"), col("idempotency_key", { aliases: ["key"] }), ...linkedAccountRef,
    ],
    required: [["account", "account_external_id"], ["kind"], ["occurred_at"]],
    schema: ingestTouchpointSchema,
  },
  complaints: {
    columns: [
      ...accountRef, col("severity"), col("summary"), col("opened_at", { aliases: ["date"] }), col("external_id"), col("first_response_at"), col("resolved_at"),
      ...linkedAccountRef,
    ],
    required: [["account", "account_external_id"], ["summary"]],
    schema: ingestComplaintSchema,
  },
  feedback: {
    columns: [
      ...accountRef, col("score", { number: true }), col("scale"), col("comment"), col("contact"), { name: "date", path: ["at"] },
      col("idempotency_key", { aliases: ["key"] }), ...linkedAccountRef,
    ],
    required: [["account", "account_external_id"]],
    schema: ingestFeedbackSchema,
  },
  contacts: {
    columns: [...accountRef, col("name"), col("role"), col("email"), col("title"), col("phone"), ...linkedAccountRef],
    required: [["account", "account_external_id"], ["name"]],
    schema: ingestContactSchema,
  },
};

/** A list column's cell as its values: "acme.com; acme.co.uk" → ["acme.com", "acme.co.uk"]. */
export const listOf = (cell: string) => cell.split(/[\s,;]+/).filter(Boolean);

/** A header cell as a column name: " Occurred-At " → occurred_at. */
export const normalize = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** The column a header cell names, exactly (aliases are for the options only). */
export function columnNamed(kind: CsvKind, header: string): Column | undefined {
  const name = normalize(header);
  return CSV_COLUMNS[kind].columns.find((c) => c.name === name);
}

/** The column a field name in an option means (its name or an alias), or what it may have meant. */
export function fieldNamed(kind: CsvKind, typed: string): { column: Column } | { meant: string | null } {
  const name = normalize(typed);
  const column = CSV_COLUMNS[kind].columns.find((c) => c.name === name || c.aliases?.includes(name));
  if (column) return { column };
  return { meant: closest(name, CSV_COLUMNS[kind].columns.flatMap((c) => [c.name, ...(c.aliases ?? [])])) };
}

/** Whether a required group is met by these columns (a variant meets its column's group). */
export function meetsGroup(group: string[], columns: Column[]): boolean {
  return columns.some((c) => group.includes(c.name) || (c.variantOf !== undefined && group.includes(c.variantOf)));
}

export function columnsHint(kind: CsvKind): string {
  const spec = CSV_COLUMNS[kind];
  const required = spec.required.map((alts) => alts.join(" or "));
  return `Columns for ${kind}: ${spec.columns.map((c) => c.name).join(", ")} (required: ${required.join("; ")}).`;
}

/** The same, for the options: with the short names. */
export function fieldsHint(kind: CsvKind): string {
  const spec = CSV_COLUMNS[kind];
  const aliases = spec.columns.flatMap((c) => (c.aliases ?? []).map((a) => `${a} = ${c.name}`));
  const required = spec.required.map((alts) => alts.join(" or "));
  return `Fields for ${kind}: ${spec.columns.map((c) => c.name).join(", ")}${aliases.length ? ` (also ${aliases.join(", ")})` : ""}; required: ${required.join("; ")}.`;
}
