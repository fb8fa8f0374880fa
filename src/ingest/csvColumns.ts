/**
 * The columns each CSV import understands, and the mapping of a row onto the shared schemas.
 *
 * accounts:    name*, external_id, owner_email, owner_name, segment, stage, stage_since, renewal_date,
 *              annual_value, time_zone, cadence_due_days, cadence_overdue_days, and
 *              external_id.<source> for each linked system (external_id.hubspot, external_id.salesforce,
 *              external_id.zendesk: the account's id there)
 * touchpoints: account* or account_external_id*, kind*, occurred_at*, summary, by, contact, idempotency_key
 * complaints:  account* or account_external_id*, severity, summary*, opened_at, external_id,
 *              first_response_at, resolved_at
 *
 * (* required column; "a or b" means at least one of the two columns, and one value per row.)
 * Header names are matched ignoring case, surrounding spaces, and spaces or dashes for underscores.
 */
import { AppError } from "../domain/errors.js";
import { LINK_SOURCES } from "../domain/sources.js";
import { closest } from "./issues.js";

export type CsvKind = "accounts" | "touchpoints" | "complaints";

interface Column {
  name: string;
  /** Where its value goes in the item: ["annualValue"], or ["externalIds", "zendesk"]. */
  path: string[];
  number?: true;
}

interface KindColumns {
  columns: Column[];
  /** Each entry: columns of which at least one must be present. */
  required: string[][];
}

const col = (name: string, number?: true): Column => ({ name, path: [name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())], ...(number && { number }) });
const accountRef = [col("account"), col("account_external_id")];
const linkColumns = LINK_SOURCES.map((source): Column => ({ name: `external_id.${source}`, path: ["externalIds", source] }));

export const CSV_COLUMNS: Record<CsvKind, KindColumns> = {
  accounts: {
    columns: [
      col("name"), col("external_id"), col("owner_email"), col("owner_name"), col("segment"), col("stage"), col("stage_since"),
      col("renewal_date"), col("annual_value", true), col("time_zone"), col("cadence_due_days", true), col("cadence_overdue_days", true),
      ...linkColumns,
    ],
    required: [["name"]],
  },
  touchpoints: {
    columns: [...accountRef, col("kind"), col("occurred_at"), col("summary"), col("by"), col("contact"), col("idempotency_key")],
    required: [["account", "account_external_id"], ["kind"], ["occurred_at"]],
  },
  complaints: {
    columns: [...accountRef, col("severity"), col("summary"), col("opened_at"), col("external_id"), col("first_response_at"), col("resolved_at")],
    required: [["account", "account_external_id"], ["summary"]],
  },
};

export interface CsvHeader {
  /** One entry per cell position; null for a column without a header. */
  columns: (Column | null)[];
  /** A row's cells as an object for the kind's schema, and what is wrong with the cells themselves. */
  toItem(cells: string[]): { item: Record<string, unknown>; problems: string[] };
  /** A schema issue in the file's words: column names instead of field names. */
  describe(issue: { path: (string | number)[]; message: string }): string;
}

const normalize = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Reads the header row; an unknown, repeated or missing column rejects the whole file. */
export function readHeader(kind: CsvKind, cells: string[]): CsvHeader {
  const spec = CSV_COLUMNS[kind];
  const known = spec.columns.map((c) => c.name);
  const columns = cells.map((cell) => {
    const name = normalize(cell);
    if (name === "") return null;
    const column = spec.columns.find((c) => c.name === name);
    if (!column) {
      const meant = closest(name, known);
      throw new AppError("invalid_argument", `unknown column '${cell.trim()}'${meant ? ` — did you mean ${meant}?` : ""}`, [columnsHint(kind)]);
    }
    return column;
  });
  const names = columns.flatMap((c) => (c ? [c.name] : []));
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new AppError("invalid_argument", `column '${repeated}' appears twice in the header`, [columnsHint(kind)]);
  for (const alternatives of spec.required) {
    if (!alternatives.some((a) => names.includes(a))) {
      const what = alternatives.map((a) => `'${a}'`).join(" or ");
      throw new AppError("invalid_argument", `missing required column ${what}`, [columnsHint(kind)]);
    }
  }
  const toColumnName = new Map(spec.columns.map((c) => [c.path.join("."), c.name]));
  const inFileWords = (text: string) => text.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (w) => toColumnName.get(w) ?? w);
  return {
    columns,
    toItem: (row) => rowToItem(columns, row),
    describe: ({ path, message }) => {
      const where = toColumnName.get(path.join(".")) ?? path.map((p) => (typeof p === "string" ? (toColumnName.get(p) ?? p) : String(p))).join(".");
      return where ? `${where}: ${inFileWords(message)}` : inFileWords(message);
    },
  };
}

function rowToItem(columns: (Column | null)[], cells: string[]): { item: Record<string, unknown>; problems: string[] } {
  const item: Record<string, unknown> = {};
  const problems: string[] = [];
  if (cells.length > columns.length) {
    problems.push(`${cells.length} cells, but the header has ${columns.length} columns (a comma in a value needs "quotes")`);
  }
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? "").trim();
    if (cell === "") return; // empty cell = absent
    if (!column) return void problems.push(`a value in column ${i + 1}, which has no header`);
    if (!column.number) return void setAt(item, column.path, cell);
    if (NUMBER.test(cell)) setAt(item, column.path, Number(cell));
    else problems.push(`${column.name}: expected a plain number like 1200 or 1200.50, got "${cell}"`);
  });
  return { item, problems };
}

function setAt(item: Record<string, unknown>, [key, ...rest]: string[], value: unknown): void {
  if (rest.length === 0) return void (item[key] = value);
  const inner = (item[key] ??= {}) as Record<string, unknown>;
  setAt(inner, rest, value);
}

function columnsHint(kind: CsvKind): string {
  const spec = CSV_COLUMNS[kind];
  const required = spec.required.map((alts) => alts.join(" or "));
  return `Columns for ${kind}: ${spec.columns.map((c) => c.name).join(", ")} (required: ${required.join("; ")}).`;
}
