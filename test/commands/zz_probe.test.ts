import { it } from "vitest";
import { createHarness } from "../helpers/keepwarm.js";
import { seedPortfolio, textOf } from "./helpers.js";
import { addAccount } from "../helpers/seed.js";
it("probe", async () => {
  const h = await createHarness("sqlite");
  const p = await seedPortfolio(h);
  await addAccount(h.kw.db, h.clock.now, "Stark Industries");
  await addAccount(h.kw.db, h.clock.now, "Wayne Enterprises");
  for (const t of ["touch Acmee call", "touch Acme Crop call", "touch Acm Crop call", "touch Globex Corp call", "touch Umbrela Helth call", "touch Wayn call", "touch Wane Enterprises call", "touch Stark Industris call", "touch Globx Industries call", "touch Initek call", "touch Inittech call", "touch Ume call", "touch Helth call", "touch Enterprise call", "touch Acme Lab call"]) {
    const out = await h.kw.command(t, p.actors.owner, "cli");
    console.log(t, " => ", textOf(out.reply).replace(/\n/g, " | "));
  }
  await h.close();
});
