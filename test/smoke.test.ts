import { afterAll, describe, expect, it } from "vitest";
import { createTestDb, DB_KINDS, type TestDb } from "./helpers/db.js";

describe.each(DB_KINDS)("migrated %s database", (kind) => {
  let t: TestDb;
  afterAll(async () => t?.close());
  it("is empty and writable", async () => {
    t = await createTestDb(kind);
    expect(await t.db.account.count()).toBe(0);
    await t.db.person.create({ data: { name: "X", email: "x@example.com" } });
    expect(await t.db.person.count()).toBe(1);
  });
});
