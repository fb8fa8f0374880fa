/**
 * The rows of a `VALUES` list for a statement run with `$executeRawUnsafe` inside a Prisma
 * transaction, one placeholder per value: `(?, ?), (?, ?)` for SQLite, `($1, $2::int), ($3, $4::int)`
 * for PostgreSQL, where a column is cast to its type when one is given (text otherwise).
 */
export function valuesList(rows: number, pgTypes: readonly (string | null)[], dialect: "sqlite" | "postgres"): string {
  if (dialect === "sqlite") {
    const row = `(${pgTypes.map(() => "?").join(", ")})`;
    return Array.from({ length: rows }, () => row).join(", ");
  }
  let n = 0;
  return Array.from({ length: rows }, () => `(${pgTypes.map((type) => `$${++n}${type ? `::${type}` : ""}`).join(", ")})`).join(", ");
}
