/**
 * The header row, read against the kind's columns (csvColumns.ts) and the import's column options
 * (csvMapping.ts): where each field of a row comes from (a --set value, a --map'ped column, a preset's
 * column, or a column of ours by its name, in that order), which of the file's columns nothing reads,
 * and every problem with them, before any row is written.
 *
 * Without options the file must be in our columns: an unknown, repeated or missing column rejects it
 * (the first one found is named). With --map or --preset it is a CRM's export: the columns nothing
 * reads are ignored and listed in the report; every problem is named at once.
 */
import { AppError } from "../domain/errors.js";
import { CSV_COLUMNS, columnNamed, columnsHint, fieldsHint, listOf, meetsGroup, normalize, type Column, type CsvKind } from "./csvColumns.js";
import { NUMBER, readColumnOptions, type ColumnOptions, type ColumnRequest } from "./csvMapping.js";
import { closest } from "./issues.js";
import type { CellOf, ConnectorMaps, PresetField, RowFilter } from "./presets/preset.js";

export interface CsvRow {
  item: Record<string, unknown>;
  problems: string[];
  /** Why the row is not imported at all, which is not a mistake: "close_date empty". */
  skip?: string;
}

export interface CsvHeader {
  /** The file's columns nothing reads (only with --map or --preset: else an unknown column is an error). */
  ignored: string[];
  /** A row's cells as an object for the kind's schema, and what is wrong with the cells themselves. */
  toItem(cells: string[]): CsvRow;
  /** A schema issue in the file's words: its headers instead of field names. */
  describe(issue: { path: (string | number)[]; message: string }): string;
}

export interface HeaderOptions {
  columns?: ColumnOptions;
  connectors?: ConnectorMaps;
}

/** Where a field's value comes from. */
interface Source {
  column: Column;
  /** How problems name it: the file's header(s), the column's name, or the --set pair. */
  label: string;
  /** The cells it reads: joined (A+B), or the first non-empty (a preset's alternatives). */
  at: number[];
  join?: true;
  constant?: string;
  translate?: PresetField["translate"];
}

/** Headers as --map and the presets name them: case and runs of spaces aside. */
const headerKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

export function readHeader(kind: CsvKind, cells: string[], options: HeaderOptions = {}): CsvHeader {
  const request = readColumnOptions(kind, options.columns, options.connectors);
  const headers = cells.map((c) => c.trim());
  const positions = new Map<string, number[]>();
  headers.forEach((h, i) => h !== "" && positions.set(headerKey(h), [...(positions.get(headerKey(h)) ?? []), i]));
  const problems = [...request.problems];
  const sources = sourcesOf(kind, request, headers, positions, problems);
  requireGroups(kind, request, sources, problems);

  if (problems.length && !request.given) throw new AppError("invalid_argument", problems[0], [columnsHint(kind)]);
  if (problems.length) {
    const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
    const columns = `The file's columns: ${headers.filter(Boolean).join(", ") || "none"}.`;
    throw new AppError("usage", `${count} with the options for this file:`, [...problems, fieldsHint(kind), columns]);
  }
  const filters = request.preset?.spec.filters ?? [];
  const used = new Set([...sources.flatMap((s) => s.at), ...filters.flatMap((f) => f.headers.flatMap((h) => positions.get(headerKey(h)) ?? []))]);
  const skipWhenEmpty = [...request.skipEmpty.map((s) => s.column), ...(request.preset?.spec.skipEmpty ?? []).map((name) => byName(kind, name))];
  const label = new Map(sources.map((s) => [s.column.path.join("."), s.label]));
  const canonical = new Map(CSV_COLUMNS[kind].columns.map((c) => [c.path.join("."), c.name]));
  const inFileWords = (text: string) => text.replace(/\b[a-z]+(?:[A-Z][a-z]*)+\b/g, (w) => canonical.get(w) ?? w);
  return {
    ignored: headers.filter((h, i) => h !== "" && !used.has(i)),
    toItem: (row) => rowToItem(row, headers, positions, sources, skipWhenEmpty, filters),
    describe: ({ path, message }) => {
      const key = path.join(".");
      const where = label.get(key) ?? canonical.get(key) ?? path.map((p) => (typeof p === "string" ? (canonical.get(p) ?? p) : String(p))).join(".");
      return where ? `${where}: ${inFileWords(message)}` : inFileWords(message);
    },
  };
}

const byName = (kind: CsvKind, name: string) => CSV_COLUMNS[kind].columns.find((c) => c.name === name) as Column;

/** Each field's source, by precedence: --set, --map, the preset, then a column of ours of its name. */
function sourcesOf(kind: CsvKind, request: ColumnRequest, headers: string[], positions: Map<string, number[]>, problems: string[]): Source[] {
  const sources: Source[] = request.set.map((s) => ({ column: s.column, label: s.given, at: [], constant: s.value }));
  const claimed = new Set<Column>(sources.map((s) => s.column));
  for (const m of request.mapped) {
    if (claimed.has(m.column)) continue; // both mapped and set: a problem already
    claimed.add(m.column);
    if (m.header === "") continue; // `--map owner=`: not read, whatever the preset says
    const at = mappedCells(m.header, m.given, headers, positions, problems);
    if (at) sources.push({ column: m.column, label: m.header, at, join: true });
    else request.failed.add(m.column);
  }
  for (const [name, field] of Object.entries(request.preset?.spec.fields ?? {})) {
    const column = byName(kind, name);
    if (claimed.has(column)) continue;
    const at = field.headers.flatMap((h) => positions.get(headerKey(h))?.slice(0, 1) ?? []);
    if (at.length) sources.push({ column, label: at.map((i) => headers[i]).join(" or "), at, translate: field.translate });
  }
  // A preset's file is the CRM's export: a column that happens to be named like one of ours ("Time
  // Zone") is not read unless mapped. Without a preset, columns named like ours are read as ours.
  if (!request.preset) sources.push(...ownColumns(kind, request, headers, claimed, problems));
  return sources.sort((a, b) => (a.at[0] ?? Infinity) - (b.at[0] ?? Infinity));
}

function ownColumns(kind: CsvKind, request: ColumnRequest, headers: string[], claimed: Set<Column>, problems: string[]): Source[] {
  const known = CSV_COLUMNS[kind].columns.map((c) => c.name);
  const sources: Source[] = [];
  headers.forEach((h, i) => {
    if (h === "") return;
    const column = columnNamed(kind, h);
    if (!column) {
      const meant = closest(normalize(h), known);
      if (!request.lenient) problems.push(`unknown column '${h}'${meant ? ` — did you mean ${meant}?` : ""}`);
    } else if (claimed.has(column)) {
      // mapped or set instead: this column is ignored
    } else if (sources.some((s) => s.column === column)) problems.push(`column '${column.name}' appears twice in the header`);
    else sources.push({ column, label: column.name, at: [i] });
  });
  return sources;
}

/** The cells a --map header names: one column, or A+B; null (and a problem) when the file lacks one. */
function mappedCells(header: string, given: string, headers: string[], positions: Map<string, number[]>, problems: string[]): number[] | null {
  const parts = positions.has(headerKey(header)) ? [header] : header.split("+").map((p) => p.trim());
  const at: number[] = [];
  for (const part of parts) {
    const found = positions.get(headerKey(part)) ?? [];
    if (found.length === 1) at.push(found[0]);
    else if (found.length > 1) problems.push(`${given}: the file has ${found.length} columns '${part}'`);
    else {
      const meant = closest(part, headers.filter(Boolean));
      problems.push(`${given}: the file has no column '${part}'${meant ? ` — did you mean ${meant}?` : ""}`);
    }
  }
  return at.length === parts.length ? at : null;
}

function requireGroups(kind: CsvKind, request: ColumnRequest, sources: Source[], problems: string[]): void {
  const given = sources.map((s) => s.column);
  for (const group of CSV_COLUMNS[kind].required) {
    if (meetsGroup(group, given) || meetsGroup(group, [...request.failed])) continue;
    const preset = request.preset;
    const wanted = preset && group.map((name) => preset.spec.fields[name]).find(Boolean);
    if (preset && wanted) {
      const columns = wanted.headers.map((h) => `'${h}'`).join(" or ");
      problems.push(`--preset ${preset.preset.name}: the file has no column ${columns} for ${group[0]}: is it ${preset.preset.title}'s ${preset.spec.export}?`);
    } else if (request.lenient) problems.push(`no column gives ${group.join(" or ")}: --map ${group[0]}=<column>, or --set ${group[0]}=<value>`);
    else problems.push(`missing required column ${group.map((a) => `'${a}'`).join(" or ")}`);
  }
  for (const { column, given: option } of request.skipEmpty) {
    if (!given.includes(column)) problems.push(`${option}: no column gives ${column.name}`);
  }
}

function rowToItem(cells: string[], headers: string[], positions: Map<string, number[]>, sources: Source[], skipWhenEmpty: Column[], filters: RowFilter[]): CsvRow {
  const row: CsvRow = { item: {}, problems: [] };
  if (cells.length > headers.length) {
    row.problems.push(`${cells.length} cells, but the header has ${headers.length} columns (a comma in a value needs "quotes")`);
  }
  headers.forEach((h, i) => {
    if (h === "" && (cells[i] ?? "").trim() !== "") row.problems.push(`a value in column ${i + 1}, which has no header`);
  });
  const cell: CellOf = (header) => {
    const i = positions.get(headerKey(header))?.[0];
    return i === undefined ? undefined : (cells[i] ?? "").trim();
  };
  for (const filter of filters) {
    const skip = filter.skips(cell);
    if (skip) return { ...row, skip };
  }
  for (const source of sources) {
    const { value, header } = read(source, cells, headers);
    if (value === "") {
      if (skipWhenEmpty.includes(source.column)) return { ...row, skip: `${source.label} empty` };
      continue; // empty cell = absent
    }
    const translated = source.translate ? source.translate(value, header, cell) : { value };
    if ("skip" in translated) return { ...row, skip: translated.skip };
    if ("problem" in translated) row.problems.push(`${header}: ${translated.problem}`);
    else if (translated.value === null) continue;
    else if (source.column.list) setAt(row.item, source.column.path, listOf(translated.value));
    else if (!source.column.number) setAt(row.item, source.column.path, translated.value);
    else if (NUMBER.test(translated.value)) setAt(row.item, source.column.path, Number(translated.value));
    else row.problems.push(`${source.label}: expected a plain number like 1200 or 1200.50, got "${translated.value}"`);
  }
  return row;
}

/** A source's value in a row, and the header it came from. */
function read(source: Source, cells: string[], headers: string[]): { value: string; header: string } {
  if (source.constant !== undefined) return { value: source.constant, header: source.label };
  const values = source.at.map((i) => (cells[i] ?? "").trim());
  if (source.join) return { value: values.filter(Boolean).join(" "), header: source.label };
  const first = values.findIndex(Boolean);
  return first === -1 ? { value: "", header: source.label } : { value: values[first], header: headers[source.at[first]] };
}

function setAt(item: Record<string, unknown>, [key, ...rest]: string[], value: unknown): void {
  if (rest.length === 0) return void (item[key] = value);
  const inner = (item[key] ??= {}) as Record<string, unknown>;
  setAt(inner, rest, value);
}
